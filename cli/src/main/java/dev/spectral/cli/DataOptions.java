package dev.spectral.cli;

import dev.spectral.InvalidInputException;
import dev.spectral.io.Idx;
import dev.spectral.io.Npy;
import dev.spectral.kernel.Kernel;
import dev.spectral.kernel.Points;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --data ... --kernel ... --lengthscale ... --nugget ...}: a kernel matrix defined by points, never read from a file. */
final class DataOptions {
    @Option(names = "--data", paramLabel = "fashion-mnist[:N] | X.npy",
            description = "Points: the first N of the 70000 Fashion-MNIST images (60000 training, then 10000 test; pixels scaled to [0,1]; all without :N), "
                    + "or a .npy matrix whose rows are points.")
    String data;

    @Option(names = "--kernel", defaultValue = "rbf", paramLabel = "rbf|matern12|matern32|matern52",
            description = "Kernel (default: ${DEFAULT-VALUE}).")
    String kernel;

    @Option(names = "--lengthscale", paramLabel = "L",
            description = "Kernel lengthscale (default: the median distance between points, estimated on up to 1000 points).")
    Double lengthscale;

    @Option(names = "--nugget", defaultValue = "0", paramLabel = "s",
            description = "Added to the diagonal (default: ${DEFAULT-VALUE}).")
    double nugget;

    boolean present() {
        return data != null;
    }

    Points points() {
        if (data == null) {
            throw new InvalidInputException("--data is required (fashion-mnist[:N] or X.npy)");
        }
        return readPoints(data);
    }

    static Points readPoints(String spec) {
        if (spec.equals("fashion-mnist") || spec.startsWith("fashion-mnist:")) {
            int n = 0;
            if (spec.contains(":")) {
                String count = spec.substring(spec.indexOf(':') + 1);
                try {
                    n = Integer.parseInt(count);
                } catch (NumberFormatException e) {
                    throw new InvalidInputException("--data fashion-mnist:N needs an integer N, got '" + count + "'");
                }
                if (n < 1) {
                    throw new InvalidInputException("--data fashion-mnist:N needs N >= 1, got " + n);
                }
            }
            return Idx.readFashionMnist(n);
        }
        return Points.fromRows(Npy.read(Path.of(spec)));
    }

    Kernel kernel(Points x) {
        if (!(nugget >= 0) || !Double.isFinite(nugget)) {
            throw new InvalidInputException("--nugget must be a finite number >= 0, got " + nugget);
        }
        double l = lengthscale != null ? lengthscale : Lengthscales.medianDistance(x, 1000, 42L);
        return Kernel.named(kernel, l);
    }
}
