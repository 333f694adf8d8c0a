/**
 * The territory material: three's MeshStandardMaterial (so lights and fog behave) with a few
 * lines of shader added, so ONE instanced draw call shows everything a territory is:
 *  - its terrain as a pattern on the top face (urban blocks, industrial hazard stripes,
 *    datacenter LED grid, speckled wasteland, network-hub signal rings), faded out when a hex
 *    is only a few pixels wide so the strategic view does not shimmer;
 *  - the outline of its holding squad's ground (edges bordering another holder glow);
 *  - the AC's cold glow up an occupied prism's sides, a contested territory's amber pulse;
 *  - a restricted territory's gold key band (GAME §4.5): an inner hex ring on the top face and a
 *    gold rim up the sides, and at the strategic zoom (where the ring is sub-pixel) a gold glow
 *    over the whole top, so the ~5 % stand out at every zoom with no extra draw call.
 * Per instance: `instanceColor` (status / squad / terrain colour) and `aInfo` =
 * (terrain index, flags, holder-edge mask, seed). Flags: 1 contested, 2 occupied, 4 my squad's,
 * 8 AC counter-siege, 16 restricted.
 */
import { MeshStandardMaterial, type IUniform } from 'three';

export const FLAG_CONTESTED = 1;
/** Under an AC counter-siege: the contested pulse in the AC's cold red instead of amber. */
export const FLAG_AC_STRIKE = 8;
export const FLAG_OCCUPIED = 2;
export const FLAG_MINE = 4;
/** A restricted territory (GAME §4.5): the gold key band. */
export const FLAG_RESTRICTED = 16;
/** The restricted band's gold, also the legend's swatch (scene/palette RESTRICTED_COLOR). */
const RESTRICTED_GLSL = 'vec3(1.0, 0.76, 0.22)';

const VERTEX_HEAD = /* glsl */ `
attribute vec4 aInfo;
varying vec3 vLocal;
varying vec4 vInfo;
`;

const VERTEX_BODY = /* glsl */ `
vLocal = position;
vInfo = aInfo;
`;

const FRAGMENT_HEAD = /* glsl */ `
uniform float uTime;
varying vec3 vLocal;
varying vec4 vInfo;
float dvBit(float mask, float i) { return mod(floor(mask / exp2(i)), 2.0); }
`;

// Runs right after <color_fragment>: diffuseColor.rgb already holds the instance colour.
const FRAGMENT_BODY = /* glsl */ `
vec3 dvGlow = vec3(0.0);
{
  // Per-instance values arrive as varyings: round them (interpolation may give 1.99999 for 2).
  float terrain = floor(vInfo.x + 0.5);
  float flags = floor(vInfo.y + 0.5);
  float edges = floor(vInfo.z + 0.5);
  vec2 p = vLocal.xz;
  float fw = fwidth(p.x) + fwidth(p.y);
  // Patterns fade out when a hex is under ~12 px wide (strategic zoom): no moiré.
  float detail = 1.0 - smoothstep(0.05, 0.16, fw);
  float seed = mod(vInfo.w, 100.0);
  // Regions take one of four slight tints, so 40 of them read apart from the strategic view.
  float shade = floor(vInfo.w / 100.0 + 0.001);
  diffuseColor.rgb *= 0.8 + 0.13 * shade;
  vec3 base = diffuseColor.rgb;
  vec3 col = base;
  if (vLocal.y > 0.999) {
    if (terrain < 0.5) {
      // urban: city blocks between lighter streets
      vec2 g = abs(fract(p * 2.2 + 0.5) - 0.5);
      float street = step(0.41, max(g.x, g.y));
      col = mix(col, mix(col * 0.86, col * 1.25 + 0.03, street), detail);
    } else if (terrain < 1.5) {
      // industrial: hazard stripes
      float s = step(0.5, fract((p.x + p.y) * 2.0));
      col = mix(col, mix(col * 1.12, col * 0.55, s), detail);
    } else if (terrain < 2.5) {
      // datacenter: a grid of glowing server LEDs
      vec2 g = fract(p * 3.6) - 0.5;
      float dots = 1.0 - smoothstep(0.09, 0.15, length(g));
      col = mix(col, col * 0.7, detail);
      dvGlow += (base * 0.4 + vec3(0.12, 0.3, 0.5)) * dots * detail * 0.8;
    } else if (terrain < 3.5) {
      // wasteland: desaturated dust in wind-blown dunes, with a few cracks
      float dune = sin(p.x * 6.0 + sin(p.y * 4.0 + seed) * 1.6 + seed);
      float crack = 1.0 - smoothstep(0.0, 0.035 + fw, abs(sin(p.x * 2.3 - p.y * 3.1 + seed * 0.7) * 0.5 + 0.15 * sin(p.y * 7.0)));
      vec3 dust = mix(col, vec3(dot(col, vec3(0.3, 0.45, 0.25))), 0.5);
      col = mix(col, dust * (0.78 + 0.14 * dune) * (1.0 - 0.45 * crack), detail);
    } else {
      // network hub: signal rings travelling outwards from a bright node
      float r = length(p);
      float ring = 1.0 - smoothstep(0.02, 0.07, abs(fract(r * 3.0 - uTime * 0.35) - 0.5) - 0.38);
      float node = 1.0 - smoothstep(0.1, 0.16, r);
      col = mix(col, col * 0.82, detail);
      dvGlow += (base * 0.22 + vec3(0.1, 0.12, 0.16)) * (ring * 0.6 + node) * detail;
    }
    // Bevel: darken towards the rim; glow along the edges where the holder's ground ends.
    float dmin = 10.0;
    float outline = 0.0;
    for (int i = 0; i < 6; i++) {
      float a = float(i) * 1.0471976;
      float d = 0.8054 - dot(p, vec2(cos(a), sin(a)));
      dmin = min(dmin, d);
      outline = max(outline, dvBit(edges, float(i)) * (1.0 - smoothstep(0.06, 0.1 + fw, d)));
    }
    col *= mix(0.62, 1.0, smoothstep(0.0, 0.05 + fw, dmin));
    col = mix(col, base * 1.35 + 0.1, outline);
    dvGlow += base * outline * (dvBit(flags, 2.0) > 0.5 ? 0.9 : 0.45);
    if (dvBit(flags, 4.0) > 0.5) {
      // Restricted: a gold ring inset from the rim, breathing slowly; the whole top glows faintly
      // gold once the ring is too thin to see (strategic zoom).
      vec3 gold = ${RESTRICTED_GLSL};
      float band = 1.0 - smoothstep(0.03, 0.05 + fw, abs(dmin - 0.16));
      // Kept well below white once lit and glowing: the ring must read gold, not pale.
      col = mix(col, gold * 0.5, band * 0.9);
      dvGlow += gold * (band * (0.28 + 0.08 * sin(uTime * 1.7)) + 0.35 * (1.0 - detail));
    }
  } else {
    // Sides: darker, the AC's crimson rising up an occupied prism.
    col *= 0.42;
    if (dvBit(flags, 1.0) > 0.5) dvGlow += base * 0.45 * vLocal.y * vLocal.y;
    // Restricted: a gold rim along the top of the sides.
    if (dvBit(flags, 4.0) > 0.5) dvGlow += ${RESTRICTED_GLSL} * 0.55 * smoothstep(0.8, 1.0, vLocal.y);
  }
  if (dvBit(flags, 0.0) > 0.5) {
    float pulse = 0.5 + 0.5 * sin(uTime * 7.5);
    // Amber for a squad's siege; the AC's cold red when it strikes back (GAME §3.5).
    vec3 pulseColour = dvBit(flags, 3.0) > 0.5 ? vec3(0.95, 0.08, 0.22) : vec3(1.0, 0.6, 0.1);
    dvGlow += pulseColour * (0.2 + 0.6 * pulse);
  }
  diffuseColor.rgb = col;
}
`;

/** The one material of the territory mesh; call `tick(seconds)` each frame to animate it. */
export function createTerritoryMaterial(): MeshStandardMaterial & { tick(t: number): void } {
  const uniforms: { uTime: IUniform<number> } = { uTime: { value: 0 } };
  const material = new MeshStandardMaterial({ roughness: 0.82, metalness: 0.08 }) as MeshStandardMaterial & { tick(t: number): void };
  material.onBeforeCompile = (shader) => {
    shader.uniforms.uTime = uniforms.uTime;
    shader.vertexShader = shader.vertexShader
      .replace('#include <common>', `#include <common>\n${VERTEX_HEAD}`)
      .replace('#include <begin_vertex>', `#include <begin_vertex>\n${VERTEX_BODY}`);
    shader.fragmentShader = shader.fragmentShader
      .replace('#include <common>', `#include <common>\n${FRAGMENT_HEAD}`)
      .replace('#include <color_fragment>', `#include <color_fragment>\n${FRAGMENT_BODY}`)
      .replace('#include <emissivemap_fragment>', '#include <emissivemap_fragment>\ntotalEmissiveRadiance += dvGlow;');
  };
  material.customProgramCacheKey = () => 'datavism-territory-v5';
  material.tick = (t: number) => { uniforms.uTime.value = t; };
  return material;
}
