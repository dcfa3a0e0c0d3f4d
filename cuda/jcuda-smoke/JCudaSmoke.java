import java.io.PrintWriter;
import java.io.StringWriter;
import jcuda.Pointer;
import jcuda.Sizeof;
import jcuda.jcublas.JCublas2;
import jcuda.jcublas.cublasHandle;
import jcuda.jcusolver.JCusolverDn;
import jcuda.jcusolver.cusolverDnHandle;
import jcuda.runtime.JCuda;

/**
 * The JCuda smoke test of issue 6: does JCuda (newest on Maven Central: jcuda/jcublas 12.6.0, jcusolver 11.7.0) work
 * against the CUDA installed here? Prints, for the runtime, JCublas2 and JCusolverDn, the status returned or the exact
 * error (the innermost "cannot open ..." line of an UnsatisfiedLinkError). Built and run by cuda/gpu-check.sh; not part
 * of Spectral, which binds CUDA with java.lang.foreign instead (docs/gpu.md).
 */
public final class JCudaSmoke {
    public static void main(String[] args) {
        JCuda.setExceptionsEnabled(false);
        try {
            int[] n = {-1};
            int rc = JCuda.cudaGetDeviceCount(n);
            System.out.println("runtime: cudaGetDeviceCount -> " + rc + " (" + JCuda.cudaGetErrorString(rc) + "), devices " + n[0]);
        } catch (Throwable t) {
            System.out.println("runtime: " + reason(t));
        }
        try {
            cublasHandle h = new cublasHandle();
            int rc = JCublas2.cublasCreate(h);
            System.out.println("JCublas2: cublasCreate -> " + rc);
            if (rc == 0) {
                // C = A B for 2 x 2 matrices on the device: [[1, 2], [3, 4]] squared is [[7, 10], [15, 22]].
                double[] a = {1, 3, 2, 4};
                Pointer d = new Pointer();
                JCuda.cudaMalloc(d, 8L * Sizeof.DOUBLE);
                Pointer dc = d.withByteOffset(4L * Sizeof.DOUBLE);
                JCuda.cudaMemcpy(d, Pointer.to(a), 4L * Sizeof.DOUBLE, 1);
                int g = JCublas2.cublasDgemm(h, 0, 0, 2, 2, 2, Pointer.to(new double[] {1}), d, 2, d, 2,
                        Pointer.to(new double[] {0}), dc, 2);
                double[] c = new double[4];
                JCuda.cudaMemcpy(Pointer.to(c), dc, 4L * Sizeof.DOUBLE, 2);
                System.out.println("JCublas2: cublasDgemm -> " + g + ", C = " + java.util.Arrays.toString(c)
                        + " (expected [7.0, 15.0, 10.0, 22.0])");
                JCuda.cudaFree(d);
                JCublas2.cublasDestroy(h);
            }
        } catch (Throwable t) {
            System.out.println("JCublas2: " + reason(t));
        }
        try {
            cusolverDnHandle h = new cusolverDnHandle();
            int rc = JCusolverDn.cusolverDnCreate(h);
            System.out.println("JCusolverDn: cusolverDnCreate -> " + rc);
            if (rc == 0) {
                JCusolverDn.cusolverDnDestroy(h);
            }
        } catch (Throwable t) {
            System.out.println("JCusolverDn: " + reason(t));
        }
    }

    /** The exception and the most specific loader message in its text (JCuda nests the causes in the message). */
    private static String reason(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        String specific = w.toString().lines().filter(l -> l.contains("cannot open shared object file")
                || l.contains("in java.library.path")).reduce((x, y) -> y).orElse("").strip();
        return t.getClass().getSimpleName() + ": " + t.getMessage().lines().findFirst().orElse("")
                + (specific.isEmpty() ? "" : " | " + specific);
    }
}
