package io.dtm4j.samples.quickstart;

import io.dtm4j.client.DtmClient;
import io.dtm4j.client.DtmTransactionFailedException;
import io.dtm4j.client.DtmTransactionPendingException;
import io.dtm4j.samples.support.Samples;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The public endpoint: {@code POST /api/transfer} with a {@link TransferRequest} starts the saga and answers its
 * gid, final status and the balances. Bad input answers 400 before anything is sent to DTM.
 */
@RestController
public class TransferController {

    private final TransferService transfers;
    private final Accounts accounts;
    private final DtmClient dtm;

    /**
     * Creates the controller.
     *
     * @param transfers the initiator
     * @param accounts the accounts
     * @param dtm the DTM client, to read the final status
     */
    public TransferController(TransferService transfers, Accounts accounts, DtmClient dtm) {
        this.transfers = transfers;
        this.accounts = accounts;
        this.dtm = dtm;
    }

    /**
     * Runs one transfer.
     *
     * @param req the transfer
     * @return 200 with {@code status: succeed}, 409 with {@code status: failed} when it was compensated, or 202 when it
     *     is not finished yet (the server is still retrying a branch)
     */
    @PostMapping("/api/transfer")
    public ResponseEntity<Map<String, Object>> transfer(@RequestBody TransferRequest req) {
        validate(req);
        String gid;
        int status = 200;
        try {
            gid = transfers.transfer(null, req);
        } catch (DtmTransactionFailedException e) {
            gid = e.gid();
            status = 409;
        } catch (DtmTransactionPendingException e) {
            gid = e.gid();
            status = 202;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("gid", gid);
        body.put("status", Samples.finalStatus(dtm, gid, Duration.ofSeconds(30)).wireName());
        body.put("balances", accounts.balances());
        return ResponseEntity.status(status).body(body);
    }

    private void validate(TransferRequest req) {
        if (req.from() == null || req.to() == null) {
            throw new IllegalArgumentException("'from' and 'to' are required, got from=" + req.from() + ", to="
                    + req.to() + " (send {\"from\":\"alice\",\"to\":\"bob\",\"amount\":30})");
        }
        if (req.amount() < 1) {
            throw new IllegalArgumentException("amount must be at least 1, got " + req.amount()
                    + " (send a positive whole number)");
        }
        if (req.from().equals(req.to())) {
            throw new IllegalArgumentException("'from' and 'to' are both '" + req.from() + "' (name two accounts)");
        }
        for (String user : new String[] {req.from(), req.to()}) {
            if (!accounts.exists(user)) {
                throw new IllegalArgumentException("account '" + user + "' does not exist (accounts: "
                        + accounts.balances().keySet() + ")");
            }
        }
        if (req.transInResult() != null && !req.transInResult().isEmpty() && !req.transInResult().equals("FAILURE")) {
            throw new IllegalArgumentException("transInResult must be empty or FAILURE, got '" + req.transInResult()
                    + "'");
        }
    }
}
