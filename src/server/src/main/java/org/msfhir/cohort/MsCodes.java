package org.msfhir.cohort;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.msfhir.guide.MsMedicines;
import org.msfhir.guide.MsMedicines.Medicine;
import org.msfhir.guide.MsTerminology;

/**
 * The MS codes cohort criteria understand: the diagnoses of ValueSet ms-diagnoses and the medicines of
 * ms-medicines, taken from the guide's constants ({@link MsTerminology}, {@link MsMedicines}).
 */
public final class MsCodes {

	public static final String SNOMED = MsTerminology.SNOMED;
	public static final String ATC = MsTerminology.ATC;
	public static final String RXNORM = MsTerminology.RXNORM;
	public static final String MS_CONCEPTS = MsTerminology.MS_CONCEPTS;
	public static final String EDSS = MsTerminology.MSC_EDSS;

	/** Multiple sclerosis (root concept). */
	public static final String MS = MsTerminology.SNOMED_MS;

	/** ValueSet ms-diagnoses: MS, RRMS, SPMS, PPMS, CIS, RIS. */
	public static final Set<String> DIAGNOSES = Set.of(MS, MsTerminology.SNOMED_RRMS, MsTerminology.SNOMED_SPMS,
			MsTerminology.SNOMED_PPMS, MsTerminology.SNOMED_CIS, MsTerminology.SNOMED_RIS);

	/** The disease courses that are MS proper (CIS and RIS are not): what "MS" in a criterion covers. */
	static final Set<String> MS_SUBTYPES =
			Set.of(MsTerminology.SNOMED_RRMS, MsTerminology.SNOMED_SPMS, MsTerminology.SNOMED_PPMS);

	public static final List<Medicine> MEDICINES = MsMedicines.ALL;

	private MsCodes() {}

	/**
	 * The diagnosis codes a criterion code stands for: MS (24700007) includes RRMS, SPMS and PPMS;
	 * every other code stands for itself. Null for codes outside ms-diagnoses.
	 */
	public static Set<String> diagnosisCodes(String system, String code) {
		if (!SNOMED.equals(system) || !DIAGNOSES.contains(code)) {
			return null;
		}
		Set<String> codes = new LinkedHashSet<>();
		codes.add(code);
		if (MS.equals(code)) {
			codes.addAll(MS_SUBTYPES);
		}
		return codes;
	}

	/**
	 * The medicines a coding denotes: an ATC code (current or pre-2024), an ATC group that contains
	 * MS medicines (for example L04AE, the S1P receptor modulators), or an RxNorm ingredient. Empty if
	 * the coding is unknown.
	 */
	public static List<Medicine> medicines(String system, String code) {
		List<Medicine> found = new ArrayList<>();
		if (code == null) {
			return found;
		}
		String c = code.trim().toUpperCase(Locale.ROOT);
		for (Medicine medicine : MEDICINES) {
			if (ATC.equals(system)) {
				boolean exact = c.equals(medicine.atc()) || c.equals(medicine.oldAtc());
				boolean group = c.length() >= 3 && c.length() < 7
						&& ((medicine.atc() != null && medicine.atc().startsWith(c))
								|| (medicine.oldAtc() != null && medicine.oldAtc().startsWith(c)));
				if (exact || group) {
					found.add(medicine);
				}
			} else if (RXNORM.equals(system) && code.trim().equals(medicine.rxnorm())) {
				found.add(medicine);
			}
		}
		return found;
	}

	/** The medicine a {@code system|code} coding denotes exactly (used to add aliases), or null. */
	public static Medicine exactMedicine(String system, String code) {
		for (Medicine medicine : MEDICINES) {
			if ((ATC.equals(system) && (code.equals(medicine.atc()) || code.equals(medicine.oldAtc())))
					|| (RXNORM.equals(system) && code.equals(medicine.rxnorm()))) {
				return medicine;
			}
		}
		return null;
	}
}
