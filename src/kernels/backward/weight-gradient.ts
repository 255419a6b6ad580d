import { activeWasm, releaseWasmMemory } from '../backend.ts';
import { allFinite } from '../conv-direct.ts';
import type { ConvInfo } from '../params.ts';
import { weightGradientWasm } from '../wasm-weight-grad.ts';

/**
 * The weight gradient shared by conv2d and its transpose. Both are the same correlation between a "small" tensor
 * (conv2d: ∂L/∂y; transposed conv: x) and a "big" one sampled at small·stride − pad + k·dilation (conv2d: x;
 * transposed conv: ∂L/∂y):
 *
 *   ∂L/∂w[cs, cb', kh, kw] = Σ_{n, i, j} small[n, cs, i, j] · big[n, cb, i·s − pad_top + kh·d, j·s − pad_left + kw·d]
 *
 * with cs the weight's first index and cb = group(cs)·bigPerGroup + cb'. Runs on the WebAssembly kernels when
 * loaded (float32 sums, wasm-weight-grad.ts), else on `weightGradientJs` (float64 sums). A non-finite result is
 * recomputed by the JavaScript loops, which never multiply a value by a tap that falls outside the big tensor.
 */
export interface CorrelationSides {
  small: Float32Array;
  smallChannels: number;
  smallH: number;
  smallW: number;
  smallPerGroup: number;
  big: Float32Array;
  bigChannels: number;
  bigH: number;
  bigW: number;
  bigPerGroup: number;
}

export function weightGradient(info: ConvInfo, sides: CorrelationSides): Float32Array {
  const wasm = activeWasm();
  if (!wasm) return weightGradientJs(info, sides);
  const gw = weightGradientWasm(wasm, info, sides);
  releaseWasmMemory();
  // A non-finite input reaches the result through some product on either path; only then can the paths differ
  // (the wasm rows also multiply it by padding zeros), so checking the small result stands in for checking both
  // large inputs. Float32 sums that overflow where float64 sums do not also land here.
  return gw !== null && allFinite(gw) ? gw : weightGradientJs(info, sides);
}

/** The typed-array loops (the readable twin and fallback of the wasm path). */
export function weightGradientJs(info: ConvInfo, sides: CorrelationSides): Float32Array {
  const { batch, kH, kW, strideH, strideW, dilationH, dilationW, padTop, padLeft } = info;
  const { small, smallChannels, smallH, smallW, smallPerGroup, big, bigChannels, bigH, bigW, bigPerGroup } = sides;
  const gw = new Float64Array(smallChannels * bigPerGroup * kH * kW);
  const smallPlane = smallH * smallW;
  const bigPlane = bigH * bigW;
  for (let n = 0; n < batch; n++) {
    for (let cs = 0; cs < smallChannels; cs++) {
      const grp = Math.floor(cs / smallPerGroup);
      const sBase = (n * smallChannels + cs) * smallPlane;
      for (let cbg = 0; cbg < bigPerGroup; cbg++) {
        const cb = grp * bigPerGroup + cbg;
        const bBase = (n * bigChannels + cb) * bigPlane;
        const wBase = (cs * bigPerGroup + cbg) * kH * kW;
        for (let kh = 0; kh < kH; kh++) {
          const offH = kh * dilationH - padTop;
          const iStart = Math.max(0, Math.ceil(-offH / strideH));
          const iEnd = Math.min(smallH, Math.floor((bigH - 1 - offH) / strideH) + 1);
          for (let kw = 0; kw < kW; kw++) {
            const offW = kw * dilationW - padLeft;
            const jStart = Math.max(0, Math.ceil(-offW / strideW));
            const jEnd = Math.min(smallW, Math.floor((bigW - 1 - offW) / strideW) + 1);
            let s = 0;
            for (let i = iStart; i < iEnd; i++) {
              const bRow = bBase + (i * strideH + offH) * bigW + offW;
              const sRow = sBase + i * smallW;
              for (let j = jStart; j < jEnd; j++) s += small[sRow + j] * big[bRow + j * strideW];
            }
            gw[wBase + kh * kW + kw] += s;
          }
        }
      }
    }
  }
  return Float32Array.from(gw);
}
