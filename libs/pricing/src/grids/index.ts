export { findStandardGrid, loadStandardGrids } from './standard-grids';
export type { StandardGrid } from './standard-grids';
