package io.dtm4j.spring.autoconfigure;

/**
 * The workflow settings ({@code dtm.workflow.*}).
 */
public class DtmWorkflowProperties {

    /** The default of {@code dtm.workflow.callback-path}. */
    public static final String DEFAULT_CALLBACK_PATH = "/dtm/workflow/resume";

    /** Path of the resume callback endpoint the starter serves for the server. */
    private String callbackPath = DEFAULT_CALLBACK_PATH;

    /**
     * Full URL the server calls to resume a workflow; unset for this application's address ({@code dtm.self-url}
     * or the local address and port) and the path above (set it when the server reaches the application under
     * another name, as from a container).
     */
    private String callbackUrl;

    /**
     * Path of the resume callback endpoint.
     *
     * @return the value
     */
    public String getCallbackPath() {
        return callbackPath;
    }

    /**
     * Path of the resume callback endpoint.
     *
     * @param callbackPath the value
     */
    public void setCallbackPath(String callbackPath) {
        this.callbackPath = callbackPath;
    }

    /**
     * Full URL the server calls to resume a workflow.
     *
     * @return the value
     */
    public String getCallbackUrl() {
        return callbackUrl;
    }

    /**
     * Full URL the server calls to resume a workflow.
     *
     * @param callbackUrl the value
     */
    public void setCallbackUrl(String callbackUrl) {
        this.callbackUrl = callbackUrl;
    }
}
