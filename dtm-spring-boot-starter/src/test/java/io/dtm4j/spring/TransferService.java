package io.dtm4j.spring;

import io.dtm4j.client.Saga;
import io.dtm4j.client.Tcc;
import io.dtm4j.spring.annotation.DtmSaga;
import io.dtm4j.spring.annotation.DtmTcc;

/** Annotated methods for the integration test; the gid of the last call is kept for the assertions. */
class TransferService {

    /** An exception after which the saga is still submitted. */
    static class AuditWarning extends RuntimeException {
        private static final long serialVersionUID = 1L;

        AuditWarning() {
            super("audit warning");
        }
    }

    private final Rm rm;
    private volatile String lastGid;

    TransferService(Rm rm) {
        this.rm = rm;
    }

    /** The gid of the last call (a method, so that it reaches the target through the proxy). */
    public String lastGid() {
        return lastGid;
    }

    @DtmSaga(waitResult = true)
    public String transfer(Saga saga, int amount) {
        saga.add(rm.url("/out"), rm.url("/outRevert"), amount).add(rm.url("/in"), rm.url("/inRevert"), amount);
        return saga.gid();
    }

    @DtmSaga
    public void failsBeforeTheSubmit(Saga saga) {
        lastGid = saga.gid();
        saga.add(rm.url("/out"), rm.url("/outRevert"), 1);
        throw new IllegalStateException("no funds");
    }

    @DtmSaga(waitResult = true, noRollbackFor = AuditWarning.class)
    public void submitsDespiteAWarning(Saga saga) {
        lastGid = saga.gid();
        saga.add(rm.url("/out"), rm.url("/outRevert"), 1);
        throw new AuditWarning();
    }

    @DtmSaga
    public void marksForAbort() {
        DtmContext.saga().add(rm.url("/out"), rm.url("/outRevert"), 1);
        lastGid = DtmContext.gid().orElseThrow();
        DtmContext.markForAbort("limit exceeded");
    }

    @DtmTcc(waitResult = true)
    public String reserve(Tcc tcc, int amount) {
        tcc.callBranch(amount, rm.url("/try1"), rm.url("/confirm1"), rm.url("/cancel1"));
        tcc.callBranch(amount, rm.url("/try2"), rm.url("/confirm2"), rm.url("/cancel2"));
        return tcc.gid();
    }

    @DtmTcc
    public void reserveThenFail(Tcc tcc) {
        lastGid = tcc.gid();
        tcc.callBranch(1, rm.url("/try1"), rm.url("/confirm1"), rm.url("/cancel1"));
        throw new IllegalStateException("stock check failed");
    }

    @DtmTcc
    public void reserveButMarkForAbort() {
        lastGid = DtmContext.tcc().gid();
        DtmContext.tcc().callBranch(1, rm.url("/try1"), rm.url("/confirm1"), rm.url("/cancel1"));
        DtmContext.markForAbort("customer changed their mind");
    }
}
