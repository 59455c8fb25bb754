/**
 * Physical constants used by the solid-state analysis, CODATA 2018
 * (Tiesinga et al., Rev. Mod. Phys. 93 (2021) 025010). SI units unless stated.
 *
 * @module
 */

/**
 * Boltzmann constant in eV/K (CODATA 2018, exact since the 2019 SI: k/e).
 *
 * @example
 * ```ts
 * BOLTZMANN_EV * 298.15; // 0.025693 eV, thermal energy at 25 °C
 * ```
 */
export const BOLTZMANN_EV = 8.617333262e-5;

/**
 * Boltzmann constant in J/K (CODATA 2018, exact).
 *
 * @example
 * ```ts
 * BOLTZMANN_J / ELEMENTARY_CHARGE; // ≈ BOLTZMANN_EV
 * ```
 */
export const BOLTZMANN_J = 1.380649e-23;

/**
 * Elementary charge e in C (CODATA 2018, exact).
 *
 * @example
 * ```ts
 * ELEMENTARY_CHARGE * AVOGADRO; // Faraday constant, C/mol
 * ```
 */
export const ELEMENTARY_CHARGE = 1.602176634e-19;

/**
 * Avogadro constant N_A in 1/mol (CODATA 2018, exact).
 *
 * @example
 * ```ts
 * AVOGADRO; // 6.02214076e23
 * ```
 */
export const AVOGADRO = 6.02214076e23;

/**
 * Faraday constant F = e·N_A in C/mol (CODATA 2018: 96485.33212…).
 *
 * @example
 * ```ts
 * FARADAY / 1000; // kJ/mol per eV: 96.485
 * ```
 */
export const FARADAY = ELEMENTARY_CHARGE * AVOGADRO;

/**
 * Vacuum permittivity ε0 in F/m (CODATA 2018).
 *
 * @example
 * ```ts
 * const cGeometric = VACUUM_PERMITTIVITY * 1e-4 / 1e-3; // F, 1 cm² × 1 mm empty cell
 * ```
 */
export const VACUUM_PERMITTIVITY = 8.8541878128e-12;

/**
 * Conversion factor from eV per particle to kJ/mol: e·N_A/1000 = F/1000 ≈ 96.485.
 *
 * @example
 * ```ts
 * 0.4 * EV_TO_KJ_PER_MOL; // 38.59 kJ/mol
 * ```
 */
export const EV_TO_KJ_PER_MOL = FARADAY / 1000;
