package io.dtm4j.benchmarks;

/** Where the benchmarks find the services (the same defaults and variables as the tests). */
final class Databases {

    static final String MARIADB_URL = env("DTM4J_MARIADB_URL",
            "jdbc:mariadb://127.0.0.1:3306/test?user=root&password=");
    static final String POSTGRES_URL = env("DTM4J_POSTGRES_URL",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    static final String REDIS_HOST = env("DTM4J_REDIS_HOST", "127.0.0.1");
    static final int REDIS_PORT = Integer.parseInt(env("DTM4J_REDIS_PORT", "6379"));

    private Databases() {
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
