package io.dtm4j.samples.workflow;

/**
 * A transfer, the JSON body of the public endpoint and of every branch call.
 *
 * @param from the account debited by TransOut
 * @param to the account credited by TransIn
 * @param amount how much, at least 1
 * @param transInResult {@code FAILURE} makes TransIn fail, as in DTM's own quick start; empty otherwise
 */
public record TransferRequest(String from, String to, int amount, String transInResult) {

    /**
     * A transfer whose TransIn succeeds.
     *
     * @param from the debited account
     * @param to the credited account
     * @param amount how much
     * @return the request
     */
    public static TransferRequest of(String from, String to, int amount) {
        return new TransferRequest(from, to, amount, "");
    }

    /**
     * The same transfer with TransIn answering FAILURE.
     *
     * @return the request
     */
    public TransferRequest failingTransIn() {
        return new TransferRequest(from, to, amount, "FAILURE");
    }
}
