// The standard tariff grids shipped with the platform: templates a producer starts from.

import { TariffDefinition, validateTariff } from '../engine';
import { LocalizedLabel } from '../engine/types';
import hospitalDataWarehouse from './hospital-data-warehouse.json';
import hospitalNetwork from './hospital-network.json';
import registry from './registry.json';

export interface StandardGrid {
  key: string;
  name: LocalizedLabel;
  description: LocalizedLabel;
  tariff: TariffDefinition;
}

const GRIDS: readonly unknown[] = [hospitalDataWarehouse, registry, hospitalNetwork];

/**
 * The standard grids (hospital data warehouse, registry, hospital network), each checked
 * by validateTariff. Returns fresh copies: callers may edit them into their own tariff.
 */
export function loadStandardGrids(): StandardGrid[] {
  return GRIDS.map((g) => {
    const grid = structuredClone(g) as StandardGrid;
    const problems = validateTariff(grid.tariff);
    if (problems.length > 0) {
      throw new Error(`standard grid ${grid.key} is invalid: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
    }
    return grid;
  });
}

/** One standard grid by key, or undefined. */
export function findStandardGrid(key: string): StandardGrid | undefined {
  return loadStandardGrids().find((g) => g.key === key);
}
