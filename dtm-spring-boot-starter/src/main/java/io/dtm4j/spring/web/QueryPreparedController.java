package io.dtm4j.spring.web;

import io.dtm4j.client.DtmResult;
import io.dtm4j.spring.autoconfigure.DtmProperties;
import io.dtm4j.spring.internal.Barriers;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The back-check of 2-phase messages ({@code GET dtm.msg.query-prepared-path}, default {@code /dtm/queryPrepared}):
 * answers from the barrier table whether the local transaction of a message committed (200 SUCCESS), rolled back
 * or never ran (409 FAILURE; a rollback row is written, so a late commit fails), as DTM's server expects. The
 * {@code ds} parameter names the DataSource of a {@code @DtmMsg(dataSource = ...)}; without it, the primary one.
 */
@RestController
public class QueryPreparedController {

    private final ListableBeanFactory beans;
    private final Barriers barriers;

    /**
     * Creates the endpoint.
     *
     * @param beans where the DataSources and the barrier settings are
     */
    public QueryPreparedController(ListableBeanFactory beans) {
        this.beans = beans;
        this.barriers = Barriers.of(beans);
    }

    /**
     * Answers the server's back-check.
     *
     * @param gid the message's gid
     * @param ds the DataSource bean name, empty for the primary one
     * @return 200, 409 or 425 with {@code {"dtm_result": ...}}
     */
    @GetMapping("${dtm.msg.query-prepared-path:" + DtmProperties.Msg.DEFAULT_QUERY_PREPARED_PATH + "}")
    public ResponseEntity<Map<String, String>> queryPrepared(@RequestParam("gid") String gid,
            @RequestParam(name = "ds", defaultValue = "") String ds) {
        DataSource dataSource = ds.isEmpty() ? beans.getBean(DataSource.class) : beans.getBean(ds, DataSource.class);
        DtmResult result = barriers.forDataSource(dataSource).queryPrepared(dataSource, gid);
        HttpStatus status = switch (result) {
            case SUCCESS -> HttpStatus.OK;
            case FAILURE -> HttpStatus.CONFLICT;
            case ONGOING -> HttpStatus.valueOf(425);
            default -> HttpStatus.INTERNAL_SERVER_ERROR;
        };
        return ResponseEntity.status(status).body(Map.of("dtm_result", result.name()));
    }
}
