/** Min-max scaling to [-1, 1], the range of a tanh output head. */

export interface MinMaxState {
  min: number;
  max: number;
}

export function fitMinMax(min: number, max: number): MinMaxState {
  return { min, max };
}

export function encodeMinMax(s: MinMaxState, x: number): number {
  const span = s.max - s.min;
  return span > 0 ? ((x - s.min) / span) * 2 - 1 : 0;
}

export function decodeMinMax(s: MinMaxState, v: number): number {
  return ((v + 1) / 2) * (s.max - s.min) + s.min;
}
