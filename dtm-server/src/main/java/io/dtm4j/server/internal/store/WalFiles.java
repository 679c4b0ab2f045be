package io.dtm4j.server.internal.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The write-ahead log's segment files: listing them in order, and reading one back record by record. */
final class WalFiles {

    private static final Logger log = LoggerFactory.getLogger(WalFiles.class);
    private static final int HEADER = 8;

    private WalFiles() {
    }

    static long replay(Path file, boolean last, Consumer<ByteBuffer> replay) throws IOException {
        ByteBuffer all = ByteBuffer.wrap(Files.readAllBytes(file));
        long records = 0;
        while (all.remaining() > 0) {
            int start = all.position();
            String damage = null;
            if (all.remaining() < HEADER) {
                damage = "a record header is cut short";
            } else {
                int length = all.getInt();
                int crc = all.getInt();
                if (length < 1 || length > all.remaining()) {
                    damage = "a record of " + length + " bytes runs past the end";
                } else {
                    byte[] payload = new byte[length];
                    all.get(payload);
                    CRC32C check = new CRC32C();
                    check.update(payload);
                    if ((int) check.getValue() != crc) {
                        damage = "a record's checksum does not match";
                    } else {
                        replay.accept(ByteBuffer.wrap(payload));
                        records++;
                    }
                }
            }
            if (damage != null) {
                if (!last) {
                    throw new IOException(file + " is damaged at byte " + start + ": " + damage + " (move the file"
                            + " away to start without it; transactions acknowledged in it would be lost)");
                }
                log.warn("{}: {} at byte {}, the end of a write cut short by a crash; it was never acknowledged and"
                        + " is ignored", file, damage, start);
                break;
            }
        }
        return records;
    }

    static List<Path> segments(Path dir) throws IOException {
        List<Path> list = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> p.getFileName().toString().matches("wal-\\d+\\.log")).forEach(list::add);
        }
        list.sort((a, b) -> Long.compare(number(a), number(b)));
        return list;
    }

    static long number(Path p) {
        String name = p.getFileName().toString();
        return Long.parseLong(name.substring(4, name.length() - 4));
    }
}
