package dev.spectral.bench;

import dev.spectral.nn.Activation;
import dev.spectral.nn.Dataset;
import dev.spectral.nn.EmpiricalNtk;
import dev.spectral.nn.GaussNewtonOperator;
import dev.spectral.nn.HessianOperator;
import dev.spectral.nn.Loss;
import dev.spectral.nn.Mlp;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;

/**
 * Hessian-vector product time against gradient time on Fashion-MNIST, printed as Markdown rows.
 *
 * <p>Usage: {@code HessianBench [examples=1000,10000] [networks=784-128-10:relu] [repeats=7] [javaThreads=Mlp's default]}. For each network and
 * number of examples: the gradient of the mean loss (forward + backward), one Hessian-vector product with the forward
 * and backward passes already kept by the operator (as every product after the first of an analysis is), the same
 * plus building the operator (an isolated product: forward, backward, R-forward, R-backward), one Gauss-Newton product
 * and one empirical-NTK product (NTK on at most 1000 examples). Medians of {@code repeats} runs after 2 warm-ups.
 */
public final class HessianBench {
    private HessianBench() {}

    public static void main(String[] args) {
        Locale.setDefault(Locale.ROOT);
        int[] sizes = Arrays.stream((args.length > 0 ? args[0] : "1000,10000").split(",")).mapToInt(Integer::parseInt).toArray();
        String[] nets = (args.length > 1 ? args[1] : "784-128-10:relu").split(",");
        int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 7;
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        int maxN = Arrays.stream(sizes).max().orElseThrow();
        Dataset all = Dataset.fashionMnistTrain(maxN);
        System.out.println("| machine | BLAS threads x Java threads | network | parameters | examples | gradient ms | HVP ms | HVP / gradient | HVP + setup ms | (HVP + setup) / gradient | Gauss-Newton product ms | NTK product ms (n ≤ 1000) |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|");
        String machine = machine();
        for (String spec : nets) {
            String[] parts = spec.split(":");
            int[] widths = Arrays.stream(parts[0].split("-")).mapToInt(Integer::parseInt).toArray();
            Mlp base = Mlp.of(Activation.valueOf(parts[1].toUpperCase(Locale.ROOT)), widths);
            Mlp mlp = threads > 0 ? base.withThreads(threads) : base;
            double[] theta = mlp.initialParameters(1);
            double[] v = new double[mlp.parameterCount()];
            SplittableRandom r = new SplittableRandom(2);
            for (int i = 0; i < v.length; i++) {
                v[i] = r.nextGaussian();
            }
            for (int n : sizes) {
                Dataset data = all.head(n);
                Loss loss = Loss.SOFTMAX_CROSS_ENTROPY;
                double grad = median(repeats, () -> time(() -> mlp.gradient(theta, loss, data)));
                HessianOperator h = HessianOperator.of(mlp, theta, loss, data);
                double hvp = median(repeats, () -> time(() -> h.times(v)));
                double isolated = median(repeats, () -> time(() -> HessianOperator.of(mlp, theta, loss, data).times(v)));
                GaussNewtonOperator g = GaussNewtonOperator.of(mlp, theta, loss, data);
                double ggn = median(repeats, () -> time(() -> g.times(v)));
                Dataset nd = data.head(Math.min(n, 1000));
                EmpiricalNtk k = EmpiricalNtk.of(mlp, theta, nd);
                double[] u = new double[k.rows()];
                for (int i = 0; i < u.length; i++) {
                    u[i] = r.nextGaussian();
                }
                double ntk = median(repeats, () -> time(() -> k.times(u)));
                System.out.printf("| %s | %s x %d | %s %s | %d | %d | %.1f | %.1f | %.2f | %.1f | %.2f | %.1f | %.1f |%n", machine, blasThreads(), mlp.threads(),
                        parts[0], parts[1], mlp.parameterCount(), n, grad, hvp, hvp / grad, isolated, isolated / grad, ggn, ntk);
            }
        }
    }

    private static double time(Runnable task) {
        long t = System.nanoTime();
        task.run();
        return (System.nanoTime() - t) / 1e6;
    }

    private static double median(int repeats, DoubleSupplier run) {
        run.getAsDouble();
        run.getAsDouble();
        double[] t = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            t[i] = run.getAsDouble();
        }
        Arrays.sort(t);
        return t[repeats / 2];
    }

    private static String blasThreads() {
        int t = dev.spectral.internal.cpu.NetlibRuntime.get().openblasThreads();
        return t > 0 ? String.valueOf(t) : "?";
    }

    private static String machine() {
        String cpu = "unknown CPU";
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    cpu = line.substring(line.indexOf(':') + 1).trim();
                    break;
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // keep "unknown CPU"
        }
        return Runtime.getRuntime().availableProcessors() + " cores, " + cpu;
    }
}
