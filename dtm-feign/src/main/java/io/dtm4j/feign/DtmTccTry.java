package io.dtm4j.feign;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a Feign method as the try of a TCC branch. Called inside a TCC transaction ({@code @DtmTcc} or
 * {@code DtmTemplate.tcc}), the call first registers the branch with the DTM server (the confirm and cancel URLs,
 * resolved against the Feign client's URL, and the request body they will get), then goes out with the branch's
 * {@code gid}, {@code trans_type=tcc}, {@code branch_id}, {@code op=try} and {@code dtm} as query parameters.
 * Called outside one, it fails before sending anything.
 *
 * <pre>{@code
 * @FeignClient(name = "accounts", url = "${accounts.url}")
 * interface Accounts {
 *     @PostMapping("/transOutTry")
 *     @DtmTccTry(confirm = "/transOutConfirm", cancel = "/transOutCancel")
 *     void transOutTry(@RequestBody Transfer t);
 * }
 * }</pre>
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface DtmTccTry {

    /**
     * The confirm path on the same service (or a full URL).
     *
     * @return the path
     */
    String confirm();

    /**
     * The cancel path on the same service (or a full URL).
     *
     * @return the path
     */
    String cancel();
}
