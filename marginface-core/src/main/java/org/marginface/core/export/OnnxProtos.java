package org.marginface.core.export;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.marginface.core.export.onnx.OnnxModel.AttributeProto;
import org.marginface.core.export.onnx.OnnxModel.GraphProto;
import org.marginface.core.export.onnx.OnnxModel.ModelProto;
import org.marginface.core.export.onnx.OnnxModel.OperatorSetIdProto;
import org.marginface.core.export.onnx.OnnxModel.TensorProto;
import org.marginface.core.export.onnx.OnnxModel.TensorShapeProto;
import org.marginface.core.export.onnx.OnnxModel.TypeProto;
import org.marginface.core.export.onnx.OnnxModel.ValueInfoProto;

/**
 * The ONNX messages marginface writes, built the one way: float32 tensors, integer attributes and a
 * model at {@link OnnxExport#OPSET}. Used by the export and by {@code bench}'s one-operator graphs.
 */
public final class OnnxProtos {

    /** IR version 7 is the one that goes with opset 13 (ONNX 1.8); every runtime that reads opset 13 reads it. */
    public static final long IR_VERSION = 7;

    private OnnxProtos() {}

    /** A model of {@code graph} in the default operator set at {@link OnnxExport#OPSET}. */
    public static ModelProto.Builder model(GraphProto graph, String producer) {
        return ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OnnxExport.OPSET))
                .setProducerName(producer)
                .setGraph(graph);
    }

    /**
     * A float32 graph input or output of shape {@code dims}; a negative dimension is the free batch
     * dimension, named {@link OnnxExport#BATCH_DIM}.
     */
    public static ValueInfoProto floatInfo(String name, long... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (long d : dims) {
            shape.addDim(d < 0
                    ? TensorShapeProto.Dimension.newBuilder().setDimParam(OnnxExport.BATCH_DIM)
                    : TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return ValueInfoProto.newBuilder()
                .setName(name)
                .setType(TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder()
                        .setElemType(TensorProto.DataType.FLOAT_VALUE)
                        .setShape(shape)))
                .build();
    }

    /** A float32 tensor (an initializer) holding {@code values} in row-major order, of shape {@code dims}. */
    public static TensorProto floatTensor(String name, float[] values, long... dims) {
        long size = 1;
        for (long d : dims) {
            size *= d;
        }
        if (size != values.length) {
            throw new IllegalArgumentException(name + ": " + values.length + " values for a tensor of " + size);
        }
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        TensorProto.Builder t = TensorProto.newBuilder()
                .setName(name)
                .setDataType(TensorProto.DataType.FLOAT_VALUE)
                .setRawData(ByteString.copyFrom(bytes.array()));
        for (long d : dims) {
            t.addDims(d);
        }
        return t.build();
    }

    /** An attribute holding one integer. */
    public static AttributeProto intAttribute(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    /** An attribute holding a list of integers. */
    public static AttributeProto intsAttribute(String name, long... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }
}
