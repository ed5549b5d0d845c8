package org.marginface.core.model;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.SequentialBlock;
import org.marginface.core.backbone.BackboneSpec;
import org.marginface.core.backbone.SphereFace;
import org.marginface.core.embed.Embedder;
import org.marginface.core.embed.EmbeddingModel;
import org.marginface.core.embed.FlipFusion;
import org.marginface.core.embed.InferenceRuntime;
import org.marginface.core.embed.TorchEmbedder;
import org.marginface.core.engine.Engines;
import org.marginface.core.head.ClassifierHead;
import org.marginface.core.head.HeadSpec;

/**
 * A backbone with its weights, an optional training head, and the manifest that describes them.
 * Owns the native memory of its parameters; close it when done.
 */
public final class FaceModel implements EmbeddingModel {

    private final Manifest manifest;
    private final SequentialBlock backbone;
    private final ClassifierHead head;
    private final NDManager manager;

    FaceModel(Manifest manifest, SequentialBlock backbone, ClassifierHead head, NDManager manager) {
        this.manifest = manifest;
        this.backbone = backbone;
        this.head = head;
        this.manager = manager;
    }

    /**
     * A freshly initialised, seeded model.
     *
     * @param head the training head, or {@code null} for a backbone alone
     * @param numClasses classes of the head (ignored without one)
     */
    public static FaceModel create(BackboneSpec spec, HeadSpec head, int numClasses, long seed) {
        Engines.pytorch();
        NDManager manager = NDManager.newBaseManager();
        SequentialBlock backbone = SphereFace.build(spec);
        SphereFace.initialize(backbone, spec, manager, seed);
        ClassifierHead classifier = null;
        if (head != null) {
            classifier = new ClassifierHead(head, numClasses, spec.embeddingSize());
            classifier.initialize(manager, seed ^ 0x5DEECE66DL);
        }
        Manifest manifest = new Manifest(Manifest.FORMAT_VERSION, spec, head, head == null ? 0 : numClasses, seed,
                null, null, Version.get(), null, null);
        return new FaceModel(manifest, backbone, classifier, manager);
    }

    /** An embedder on libtorch over this model's backbone. */
    @Override
    public Embedder embedder(FlipFusion fusion) {
        return new TorchEmbedder(this, fusion);
    }

    @Override
    public InferenceRuntime runtime() {
        return InferenceRuntime.LIBTORCH;
    }

    @Override
    public Manifest manifest() {
        return manifest;
    }

    public BackboneSpec spec() {
        return manifest.backbone();
    }

    public SequentialBlock backbone() {
        return backbone;
    }

    /** The training head, or {@code null} when the model has none. */
    public ClassifierHead head() {
        return head;
    }

    public NDManager manager() {
        return manager;
    }

    /** The same weights described by another manifest (after saving, or with training metadata). */
    public FaceModel withManifest(Manifest newManifest) {
        return new FaceModel(newManifest, backbone, head, manager);
    }

    @Override
    public void close() {
        manager.close();
    }
}
