package io.dtm4j.spring.web;

import io.dtm4j.client.DtmResult;
import io.dtm4j.client.Workflows;
import io.dtm4j.spring.autoconfigure.DtmWorkflowProperties;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The workflow resume callback ({@code dtm.workflow.callback-path}, default {@code /dtm/workflow/resume}): the DTM
 * server calls it for an unfinished workflow with {@code gid}, {@code op} = the workflow's name and the input as
 * body (POST, or GET for an empty input); the workflow runs again from its recorded progress. Answers 200 when it
 * finished, 409 when it failed, 425 while it is still running here or waits, 500 otherwise.
 */
@RestController
public class WorkflowResumeController {

    private final Workflows workflows;

    /**
     * Creates the endpoint.
     *
     * @param workflows the application's workflows
     */
    public WorkflowResumeController(Workflows workflows) {
        this.workflows = workflows;
    }

    /**
     * Resumes a workflow.
     *
     * @param query the callback's query parameters
     * @param body the workflow's input, empty for none
     * @return the outcome as {@code {"dtm_result": ...}}
     */
    @RequestMapping(path = "${dtm.workflow.callback-path:" + DtmWorkflowProperties.DEFAULT_CALLBACK_PATH
            + "}", method = {RequestMethod.POST, RequestMethod.GET})
    public ResponseEntity<Map<String, String>> resume(@RequestParam Map<String, String> query,
            @RequestBody(required = false) byte[] body) {
        DtmResult result;
        // The callback itself is not a branch the workflow's code serves (branch 00): none is bound while it runs.
        try (AutoCloseable unbound = io.dtm4j.spring.internal.ContextBinding.bindBranch(null)) {
            result = workflows.resume(query, body == null ? new byte[0] : body);
        } catch (Exception e) {
            result = DtmResult.ERROR;
        }
        return ResponseEntity.status(result.httpStatus()).body(Map.of("dtm_result", result.name()));
    }
}
