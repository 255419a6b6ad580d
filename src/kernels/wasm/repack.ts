/**
 * Conv weights into the gather kernels' order: for each group and each channel tile (tiles of 4 output channels,
 * then single channels), [kH][kW][Cin][tile], written contiguously from `dst`. Element (g, ic, oc, kh, kw) of the
 * source is at float g·sGroup + ic·sIc + oc·sOc + kh·kW + kw, which covers both PyTorch layouts (conv2d
 * [Cout, Cin/g, kH, kW] and transposed conv [Cin, Cout/g, kH, kW]). The JavaScript kernels' twin is
 * repackWeights in gather-js.ts.
 */
export function repackWeights(src: usize, dst: usize, groups: i32, outPerGroup: i32, cin: i32, kH: i32, kW: i32,
  sGroup: i32, sIc: i32, sOc: i32): void {
  const full = outPerGroup - (outPerGroup & 3);
  const icStep = <usize>sIc << 2;
  const ocStep = <usize>sOc << 2;
  let d = dst;
  for (let g = 0; g < groups; g++) {
    for (let oc0 = 0; oc0 < outPerGroup; ) {
      const tile = oc0 < full ? 4 : 1;
      for (let kh = 0; kh < kH; kh++) {
        for (let kw = 0; kw < kW; kw++) {
          let s = src + ((<usize>(g * sGroup + oc0 * sOc + kh * kW + kw)) << 2);
          if (tile == 4) {
            for (let ic = 0; ic < cin; ic++) {
              store<f32>(d, load<f32>(s));
              store<f32>(d + 4, load<f32>(s + ocStep));
              store<f32>(d + 8, load<f32>(s + 2 * ocStep));
              store<f32>(d + 12, load<f32>(s + 3 * ocStep));
              d += 16;
              s += icStep;
            }
          } else {
            for (let ic = 0; ic < cin; ic++) {
              store<f32>(d, load<f32>(s));
              d += 4;
              s += icStep;
            }
          }
        }
      }
      oc0 += tile;
    }
  }
}
