#pragma once
// Shape and bounds of an invertible affine-coupling block of the restorer's decoder (InvT): the
// log-scale bound α and the per-conv Lipschitz bound L fix how far a block can stretch or shrink
// feature deviations in either direction.
namespace ds {

struct InvertibleCouplingOptions {
  int channels = 64;           // C of the feature map; even (split into two halves)
  int hidden = 64;             // width of the conditioner network
  double logScaleBound = 0.5;  // α: s = α·tanh(ŝ), so every element is scaled by e^[−α, α]
  double lipschitz = 1.0;      // L: Lipschitz bound of each spectrally normalised conv
  int powerGridSize = 32;      // N of the spectral-norm power iteration (see SpectralNormConv2d)

  // Throws ds::Error naming the option that is wrong.
  void check() const;
};

}  // namespace ds
