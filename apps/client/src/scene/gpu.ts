/**
 * Whether WebGL runs on a software rasteriser (SwiftShader, llvmpipe): headless browsers, VMs
 * without a GPU. There the map skips multisampling and draws at 1× pixel ratio — the picture
 * stays the same, the frame costs a quarter. Probed once with a throwaway context.
 */
let cached: boolean | null = null;

export function softwareRenderer(): boolean {
  if (cached !== null) return cached;
  cached = false;
  try {
    const canvas = document.createElement('canvas');
    const gl = canvas.getContext('webgl2') ?? canvas.getContext('webgl');
    if (gl) {
      const info = gl.getExtension('WEBGL_debug_renderer_info');
      const renderer = String(info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
      cached = /swiftshader|llvmpipe|software|softpipe/i.test(renderer);
      gl.getExtension('WEBGL_lose_context')?.loseContext();
    }
  } catch {
    cached = false;
  }
  return cached;
}
