/**
 * Where a gridded field crosses `level`, as line segments for a scatter trace (null between segments):
 * marching squares with linear interpolation along each cell edge. z[j][i] is at (x[i], y[j]); cells
 * with a missing corner are skipped. Saddle cells take the pairing given by the centre value.
 */
export function isoLines(
  x: readonly number[],
  y: readonly number[],
  z: readonly (readonly number[])[],
  level: number,
): { x: (number | null)[]; y: (number | null)[] } {
  const ox: (number | null)[] = [];
  const oy: (number | null)[] = [];
  const cross = (xa: number, ya: number, za: number, xb: number, yb: number, zb: number): [number, number] => {
    const f = (level - za) / (zb - za);
    return [xa + f * (xb - xa), ya + f * (yb - ya)];
  };
  for (let j = 0; j + 1 < y.length; j++) {
    for (let i = 0; i + 1 < x.length; i++) {
      // Corners counter-clockwise from the bottom left.
      const c = [
        [x[i], y[j], z[j]?.[i]],
        [x[i + 1], y[j], z[j]?.[i + 1]],
        [x[i + 1], y[j + 1], z[j + 1]?.[i + 1]],
        [x[i], y[j + 1], z[j + 1]?.[i]],
      ] as [number, number, number][];
      if (c.some((p) => !Number.isFinite(p[2]))) continue;
      const points: [number, number][] = [];
      for (let e = 0; e < 4; e++) {
        const a = c[e] as [number, number, number];
        const b = c[(e + 1) % 4] as [number, number, number];
        if (a[2] >= level !== b[2] >= level) points.push(cross(a[0], a[1], a[2], b[0], b[1], b[2]));
      }
      if (points.length === 2) {
        const [p, q] = points as [[number, number], [number, number]];
        ox.push(p[0], q[0], null);
        oy.push(p[1], q[1], null);
      } else if (points.length === 4) {
        const centre = c.reduce((s, p) => s + p[2], 0) / 4;
        const above = (c[0] as [number, number, number])[2] >= level;
        // The centre decides which corners are joined: on the bottom-left corner's side, or not.
        const pairs =
          above === centre >= level
            ? [
                [0, 3],
                [1, 2],
              ]
            : [
                [0, 1],
                [2, 3],
              ];
        for (const [a, b] of pairs) {
          const p = points[a as number] as [number, number];
          const q = points[b as number] as [number, number];
          ox.push(p[0], q[0], null);
          oy.push(p[1], q[1], null);
        }
      }
    }
  }
  return { x: ox, y: oy };
}
