package io.dtm4j.client.internal;

/**
 * Generates sub-branch ids as DTM does: the parent id followed by a two-digit counter ({@code 01}, {@code 02};
 * nested inside {@code 02}: {@code 0201}...). At most 99 children, and parent ids shorter than 20 characters.
 * Thread-safe.
 */
public final class BranchIdGenerator {

    private final String parent;
    private int count;

    public BranchIdGenerator(String parent) {
        this.parent = parent == null ? "" : parent;
    }

    public synchronized String next(String gid) {
        if (count >= 99) {
            throw new IllegalStateException("gid '" + gid + "': branch '" + parent + "' already has 99 sub-branches,"
                    + " DTM's limit (split the work into several global transactions)");
        }
        if (parent.length() >= 20) {
            throw new IllegalStateException("gid '" + gid + "': branch id '" + parent + "' is " + parent.length()
                    + " characters long; DTM refuses sub-branches of ids of 20+ characters (nest less deeply)");
        }
        count++;
        return parent + (count < 10 ? "0" : "") + count;
    }
}
