package dev.spectral.weights;

/**
 * How the four axes of a convolution kernel are ordered. A 4-D kernel is analyzed as one matrix per kernel position
 * (kh·kw matrices of out x in, as WeightWatcher does), and the ESDs of those matrices are pooled into one layer ESD.
 */
public enum ConvLayout {
    /** [out, in, kh, kw]: PyTorch, ONNX, and safetensors exported from PyTorch. */
    OUT_IN_KH_KW,
    /** [kh, kw, in, out]: TensorFlow / Keras. */
    KH_KW_IN_OUT
}
