package org.msfhir.cohort;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The MS codes cohort criteria understand: the codes of the guide's ValueSets ms-diagnoses and
 * ms-medicines (terminology/).
 */
public final class MsCodes {

	public static final String SNOMED = "http://snomed.info/sct";
	public static final String ATC = "http://www.whocc.no/atc";
	public static final String RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";
	public static final String MS_CONCEPTS = "http://msfhir.org/fhir/CodeSystem/ms-concepts";
	public static final String EDSS = "edss";

	/** Multiple sclerosis (root concept). */
	public static final String MS = "24700007";

	/** ValueSet ms-diagnoses: MS, RRMS, SPMS, PPMS, CIS, RIS. */
	public static final Set<String> DIAGNOSES =
			Set.of(MS, "426373005", "425500002", "428700003", "445967004", "16415361000119105");

	/** The disease courses that are MS proper (CIS and RIS are not): what "MS" in a criterion covers. */
	static final Set<String> MS_SUBTYPES = Set.of("426373005", "425500002", "428700003");

	/** One MS medicine: current ATC code, the pre-2024 ATC code (or null), RxNorm ingredient (or null). */
	public record Medicine(String name, String atc, String oldAtc, String rxnorm) {

		/** Every coding that denotes this medicine, as {@code system|code}. */
		public List<String> codings() {
			List<String> out = new ArrayList<>();
			if (atc != null) {
				out.add(ATC + "|" + atc);
			}
			if (oldAtc != null) {
				out.add(ATC + "|" + oldAtc);
			}
			if (rxnorm != null) {
				out.add(RXNORM + "|" + rxnorm);
			}
			return out;
		}
	}

	public static final List<Medicine> MEDICINES = List.of(
			new Medicine("interferon beta-1a", "L03AB07", null, null),
			new Medicine("peginterferon beta-1a", "L03AB13", null, null),
			new Medicine("interferon beta-1b", "L03AB08", null, null),
			new Medicine("glatiramer acetate", "L03AX13", null, null),
			new Medicine("natalizumab", "L04AG03", "L04AA23", "354770"),
			new Medicine("fingolimod", "L04AE01", "L04AA27", "1012892"),
			new Medicine("siponimod", "L04AE03", "L04AA42", null),
			new Medicine("ozanimod", "L04AE02", null, null),
			new Medicine("ponesimod", "L04AE04", "L04AA50", null),
			new Medicine("dimethyl fumarate", "L04AX07", "N07XX09", "1373478"),
			new Medicine("diroximel fumarate", "L04AX09", null, null),
			new Medicine("teriflunomide", "L04AK02", "L04AA31", null),
			new Medicine("cladribine", "L04AA40", null, null),
			new Medicine("alemtuzumab", "L04AG06", "L04AA34", "117055"),
			new Medicine("ocrelizumab", "L04AG08", "L04AA36", "1876366"),
			new Medicine("ofatumumab", "L04AG12", null, null),
			new Medicine("rituximab", "L01FA01", null, "121191"),
			new Medicine("baclofen", "M03BX01", null, null),
			new Medicine("tizanidine", "M03BX02", null, null),
			new Medicine("diazepam", "N05BA01", null, "3322"),
			new Medicine("botulinum toxin A", "M03AX01", null, null),
			new Medicine("fampridine", "N07XX07", null, null),
			new Medicine("gabapentin", "N02BF01", "N03AX12", null),
			new Medicine("pregabalin", "N02BF02", "N03AX16", null),
			new Medicine("duloxetine", null, null, "72625"));

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
