import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.GradientCollector;
import java.util.Arrays;

/**
 * Forward plus backward time of per-channel PReLU forms through DJL on libtorch, at SphereFace-20's
 * activation shapes (batch 32), alternating the forms round by round; best of 4 rounds. Also checks
 * that every form gives the same values as the first.
 *
 *   java -cp "marginface-cli/target/lib/*" scripts/PreluFormsBench.java     (build first)
 */
public class PreluFormsBench {

    static final String[] NAMES = {"where(x > 0, x, a*x)", "max(x, 0) + a*min(x, 0)", "relu(x) - a*relu(-x)",
        "relu(x) + a*clip(x, -inf, 0)"};

    static NDArray form(int f, NDArray x, NDArray a) {
        return switch (f) {
            case 0 -> NDArrays.where(x.gt(0), x, x.mul(a));
            case 1 -> x.maximum(0).add(x.minimum(0).mul(a));
            case 2 -> Activation.relu(x).sub(Activation.relu(x.neg()).mul(a));
            default -> Activation.relu(x).add(x.clip(Float.NEGATIVE_INFINITY, 0f).mul(a));
        };
    }

    public static void main(String[] args) {
        System.setProperty("ai.djl.offline", "true");
        Engine engine = Engine.getEngine("PyTorch");
        int repeats = 6;
        long[][] shapes = {{32, 64, 56, 48}, {32, 128, 28, 24}, {32, 256, 14, 12}, {32, 512, 7, 6}};
        try (NDManager m = NDManager.newBaseManager()) {
            for (long[] s : shapes) {
                double[] best = new double[NAMES.length];
                Arrays.fill(best, Double.MAX_VALUE);
                float[] diff = new float[NAMES.length];
                for (int round = 0; round < 4; round++) {
                    for (int f = 0; f < NAMES.length; f++) {
                        try (NDManager c = m.newSubManager()) {
                            NDArray x = c.randomNormal(new Shape(s));
                            NDArray a = c.full(new Shape(s[1], 1, 1), 0.25f);
                            NDArray upstream = c.randomNormal(new Shape(s));
                            x.setRequiresGradient(true);
                            a.setRequiresGradient(true);
                            long start = System.nanoTime();
                            for (int r = 0; r < repeats; r++) {
                                try (NDManager k = c.newSubManager(); GradientCollector g = engine.newGradientCollector()) {
                                    g.backward(form(f, x, a).mul(upstream).sum());
                                }
                            }
                            best[f] = Math.min(best[f], (System.nanoTime() - start) / 1e6 / repeats);
                            diff[f] = form(0, x, a).sub(form(f, x, a)).abs().max().getFloat();
                        }
                    }
                }
                System.out.println(Arrays.toString(s) + " forward + backward, ms (best of 4 rounds):");
                for (int f = 0; f < NAMES.length; f++) {
                    System.out.printf("  %-26s %7.1f   max |difference| from the first %g%n", NAMES[f], best[f], diff[f]);
                }
            }
        }
    }
}
