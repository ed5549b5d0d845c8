package org.marginface.spark;

import org.apache.spark.sql.SparkSession;

/** Where a job's SparkSession comes from: the cluster that spark-submit names, or local mode. */
public final class SparkSessions {

    private SparkSessions() {}

    /**
     * A session for {@code appName}. {@code master} wins when given; otherwise the master that
     * spark-submit passed (as the {@code spark.master} property), and without either local mode on
     * every core.
     */
    public static SparkSession open(String appName, String master) {
        String chosen = master != null ? master : System.getProperty("spark.master", "local[*]");
        SparkSession.Builder builder = SparkSession.builder().appName(appName).master(chosen);
        if (chosen.startsWith("local")) {
            // a local job needs no web UI, no network name lookups, and few shuffle partitions
            builder.config("spark.ui.enabled", "false")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.sql.shuffle.partitions", "8");
        }
        return builder.getOrCreate();
    }
}
