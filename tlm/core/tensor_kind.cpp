// SPDX-License-Identifier: Apache-2.0
#include "tlm/core/tensor_kind.h"

namespace sextant {

const char* tensor_kind_name(TensorKind kind) {
  switch (kind) {
    case TensorKind::kInputs:
      return "inputs";
    case TensorKind::kWeights:
      return "weights";
    case TensorKind::kOutputs:
      return "outputs";
  }
  return "unknown";
}

}  // namespace sextant
