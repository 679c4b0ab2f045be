package io.dtm4j.server.internal.engine;

import java.math.BigInteger;
import java.security.SecureRandom;

/**
 * New gids as the official server makes them: a random 128-bit value in base 57 (the shortuuid alphabet),
 * 22 characters.
 */
final class Gids {

    private static final String ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static final BigInteger BASE = BigInteger.valueOf(ALPHABET.length());
    private static final SecureRandom RANDOM = new SecureRandom();

    private Gids() {
    }

    static String next() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        BigInteger value = new BigInteger(1, bytes);
        char[] out = new char[22];
        for (int i = 21; i >= 0; i--) {
            BigInteger[] qr = value.divideAndRemainder(BASE);
            out[i] = ALPHABET.charAt(qr[1].intValue());
            value = qr[0];
        }
        return new String(out);
    }

    /**
     * A lease token: unique enough to tell two leases of one row apart (64 random bits), and cheap, since every
     * submit and every cron pick takes one. Not a secret.
     */
    static String owner() {
        return Long.toString(java.util.concurrent.ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
    }
}
