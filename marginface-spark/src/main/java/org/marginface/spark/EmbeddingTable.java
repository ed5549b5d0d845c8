package org.marginface.spark;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The Parquet layout of embedded images: one row per image with its name, its identity, its
 * L2-normalised feature and the norm of the raw fused feature (the unit feature times the norm gives
 * back the raw one; the norm carries image quality).
 */
public final class EmbeddingTable {

    public static final String PATH = "path";
    public static final String IDENTITY = "identity";
    public static final String EMBEDDING = "embedding";
    public static final String NORM = "norm";

    public static final StructType SCHEMA = new StructType(new StructField[] {
        DataTypes.createStructField(PATH, DataTypes.StringType, false),
        DataTypes.createStructField(IDENTITY, DataTypes.StringType, false),
        DataTypes.createStructField(EMBEDDING, DataTypes.createArrayType(DataTypes.FloatType, false), false),
        DataTypes.createStructField(NORM, DataTypes.DoubleType, false)
    });

    private EmbeddingTable() {}

    public static Row row(String path, String identity, float[] unitEmbedding, double norm) {
        return RowFactory.create(path, identity, unitEmbedding, norm);
    }

    /** Reads embeddings written by {@link EmbedJob}, checking that the columns are there. */
    public static Dataset<Row> read(SparkSession spark, String location) {
        Dataset<Row> table = spark.read().parquet(location);
        for (StructField field : SCHEMA.fields()) {
            if (!List.of(table.columns()).contains(field.name())) {
                throw new IllegalArgumentException(location + ": no column '" + field.name()
                        + "' (expected the columns " + String.join(", ", SCHEMA.fieldNames()) + ")");
            }
        }
        return table.select(PATH, IDENTITY, EMBEDDING, NORM);
    }

    /** The embedding column of a row read by {@link #read}. */
    public static float[] embedding(Row row) {
        List<Float> values = row.getList(row.fieldIndex(EMBEDDING));
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }
}
