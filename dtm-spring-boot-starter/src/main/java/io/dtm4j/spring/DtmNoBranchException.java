package io.dtm4j.spring;

import io.dtm4j.client.DtmException;

/**
 * A {@code @DtmBarrier} method was called without a DTM branch: no {@code gid}, {@code trans_type},
 * {@code branch_id} and {@code op} in the current request and no {@code BranchContext} parameter. In Spring MVC it
 * answers 400: the caller is not DTM, or lost the query on the way.
 */
public class DtmNoBranchException extends DtmException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was called, and the remedy
     */
    public DtmNoBranchException(String message) {
        super(message);
    }
}
