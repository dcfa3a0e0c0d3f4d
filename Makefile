# Spectral build entry points. `make demo` and `make test` do all set-up on a fresh Debian machine.
SHELL := /bin/bash
.DEFAULT_GOAL := build

# A JDK >= 25: JAVA_HOME when it is one, else the newest /usr/lib/jvm/*25* (or later).
JAVA_HOME := $(shell scripts/find-jdk.sh)
export JAVA_HOME
MVN := mvn -B -e --no-transfer-progress
DEBIAN_PACKAGES := libopenblas0-pthread libarpack2 dataset-fashion-mnist python3-numpy
FASHION_MNIST := /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz

.PHONY: build test demo bench bench-ooc deps check-jdk clean gpu-check gpu-bundle native example-hessian

check-jdk:
	@if [ -z "$(JAVA_HOME)" ]; then echo "spectral: no JDK >= 25 found (set JAVA_HOME, or install Temurin 25 under /usr/lib/jvm)" >&2; exit 1; fi

# Debian packages the engine and the demo need, installed only when missing and only as root.
deps:
	@scripts/install-deps.sh

build: check-jdk deps
	$(MVN) -q -DskipTests install
	@scripts/write-launcher.sh

test: check-jdk deps
	$(MVN) install
	@scripts/write-launcher.sh

demo: build
	bin/spectral demo

# make bench: dense CPU backend vs numpy, MiniLM weight analysis, estimators (about 30 minutes on 2 cores).
bench: build
	bench/run-bench.sh
	bench/weights-bench.sh
	bench/estimators-bench.sh

# Out-of-core Cholesky vs in-core dpotrf at n = 20000 under a 512 MiB cap (a few minutes). The 70,000-image run is
# bench/ooc-70k.sh (an hour or more), FLODANCE against it bench/flodance-bench.sh.
bench-ooc: build
	bench/ooc-bench.sh 20000 512

# Curvature of a 784-128-10 ReLU network trained 3 epochs on Fashion-MNIST (about 4 minutes on 2 cores): plots into
# docs/hessian/, the result as JSON beside them (result.json). Options: HESSIAN_ARGS="--hidden 256 --epochs 5 ...".
example-hessian: build
	@mkdir -p docs/hessian
	bin/spectral hessian --plots docs/hessian --json-out docs/hessian/result.json $(HESSIAN_ARGS)

# Spectral's CUDA kernels as a fatbin (sm_80, sm_90, and compute_90 PTX for newer GPUs), a resource of the cuda jar.
# The built file is committed, so machines without nvcc still ship it; this target only refreshes it where nvcc is.
NVCC := $(shell command -v nvcc 2>/dev/null || ls /usr/local/cuda/bin/nvcc 2>/dev/null)
FATBIN := cuda/src/main/resources/dev/spectral/internal/cuda/spectral_kernels.fatbin
native:
	@if [ -z "$(NVCC)" ]; then echo "spectral: nvcc not found; keeping the committed $(FATBIN)"; else \
	  $(NVCC) -fatbin -gencode arch=compute_80,code=sm_80 -gencode arch=compute_90,code=sm_90 \
	    -gencode arch=compute_90,code=compute_90 -o $(FATBIN) native/spectral_kernels.cu && echo "spectral: built $(FATBIN)"; fi

# GPU tests and benchmarks: `make gpu-bundle` here (JDK + Maven) builds .carry/gpu-check/ (jlink runtime + jars);
# `make gpu-check` on the GPU machine runs them from that bundle into $$OUT (building the bundle first if missing).
gpu-bundle:
	cuda/gpu-check.sh bundle

gpu-check:
	cuda/gpu-check.sh all

clean:
	$(MVN) clean
	rm -f bin/spectral
