/**
 * Weight diagnostics of trained models (WeightWatcher-style heavy-tailed self-regularization analysis).
 *
 * <pre>{@code
 * try (ModelSource model = ModelSource.open(Path.of("model.safetensors"))) {   // or .onnx, .npz, .npy, a folder
 *     ModelReport report = WeightAnalysis.analyze(model, AnalysisOptions.defaults(),
 *             p -> System.err.printf("%d/%d %s%n", p.done(), p.total(), p.tensor()));
 *     HtmlReport.write(report, Path.of("weights.html"));
 *     CsvReport.write(report, Path.of("weights.csv"));
 * }
 * }</pre>
 *
 * <p>Readers ({@link dev.spectral.weights.ModelSource}) list tensors from file headers and map one tensor at a time;
 * {@link dev.spectral.weights.WeightAnalysis} turns each 2-D matrix (and each kernel position of a 4-D kernel) into
 * {@link dev.spectral.weights.LayerDiagnostics}: the ESD of WᵀW, a power-law fit ({@link dev.spectral.weights.PowerLaw}),
 * norms and ranks, a Marchenko-Pastur fit with Tracy-Widom spike significance, and a shuffled comparison for
 * correlation traps. Unreadable or unsuitable tensors become {@link dev.spectral.weights.LayerResult.Skipped} with a
 * one-line reason; a failed power-law fit is {@link dev.spectral.weights.LayerWarning#FIT_FAILED}, never a small alpha.
 */
package dev.spectral.weights;
