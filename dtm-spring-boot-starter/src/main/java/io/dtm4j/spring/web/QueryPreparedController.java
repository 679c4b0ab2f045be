package io.dtm4j.spring.web;

import io.dtm4j.client.DtmResult;
import io.dtm4j.client.barrier.JdbcBarrier;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The back-check of 2-phase messages ({@code GET dtm.msg.query-prepared-path}, default {@code /dtm/queryPrepared}):
 * answers from the barrier table whether the local transaction of a message committed (200 SUCCESS), rolled back
 * or never ran (409 FAILURE; a rollback row is written, so a late commit fails), as DTM's server expects.
 */
@RestController
public class QueryPreparedController {

    private final JdbcBarrier barrier;
    private final ObjectProvider<DataSource> dataSource;

    /**
     * Creates the endpoint.
     *
     * @param barrier the barrier
     * @param dataSource the DataSource with the barrier table (the primary one)
     */
    public QueryPreparedController(JdbcBarrier barrier, ObjectProvider<DataSource> dataSource) {
        this.barrier = barrier;
        this.dataSource = dataSource;
    }

    /**
     * Answers the server's back-check.
     *
     * @param gid the message's gid
     * @return 200, 409 or 425 with {@code {"dtm_result": ...}}
     */
    @GetMapping("${dtm.msg.query-prepared-path:/dtm/queryPrepared}")
    public ResponseEntity<Map<String, String>> queryPrepared(@RequestParam("gid") String gid) {
        DtmResult result = barrier.queryPrepared(dataSource.getObject(), gid);
        HttpStatus status = switch (result) {
            case SUCCESS -> HttpStatus.OK;
            case FAILURE -> HttpStatus.CONFLICT;
            case ONGOING -> HttpStatus.valueOf(425);
            default -> HttpStatus.INTERNAL_SERVER_ERROR;
        };
        return ResponseEntity.status(status).body(Map.of("dtm_result", result.name()));
    }
}
