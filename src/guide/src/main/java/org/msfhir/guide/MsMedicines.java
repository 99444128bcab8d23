package org.msfhir.guide;

import java.util.ArrayList;
import java.util.List;

/**
 * The MS medicines of the guide (ValueSet ms-medicines = ms-dmt + ms-symptomatic-medicines): for each, the
 * current ATC code, the ATC code before the 2024 renumbering (ConceptMap atc-2024-renumbering), the RxNorm
 * ingredient (ConceptMap atc-rxnorm) and whether it is a disease-modifying therapy. MsTerminologyTest checks
 * every code against the terminology files and that no medicine of the ValueSets is missing here.
 */
public final class MsMedicines {

	/** The role of a medicine in MS care (ms-concepts {@code dmt} / {@code symptomatic}). */
	public enum Role {
		DMT,
		SYMPTOMATIC
	}

	/** One medicine: ATC codes (current, pre-2024 or null), RxNorm ingredient (or null) and role. */
	public record Medicine(String name, String atc, String oldAtc, String rxnorm, Role role) {

		public boolean dmt() {
			return role == Role.DMT;
		}

		/** Every coding that denotes this medicine, as {@code system|code}: current ATC, old ATC, RxNorm. */
		public List<String> codings() {
			List<String> out = new ArrayList<>(3);
			if (atc != null) {
				out.add(MsTerminology.token(MsTerminology.ATC, atc));
			}
			if (oldAtc != null) {
				out.add(MsTerminology.token(MsTerminology.ATC, oldAtc));
			}
			if (rxnorm != null) {
				out.add(MsTerminology.token(MsTerminology.RXNORM, rxnorm));
			}
			return out;
		}
	}

	public static final Medicine INTERFERON_BETA_1A = dmt("interferon beta-1a", "L03AB07", null, null);
	public static final Medicine PEGINTERFERON_BETA_1A = dmt("peginterferon beta-1a", "L03AB13", null, null);
	public static final Medicine INTERFERON_BETA_1B = dmt("interferon beta-1b", "L03AB08", null, null);
	public static final Medicine GLATIRAMER = dmt("glatiramer acetate", "L03AX13", null, null);
	public static final Medicine NATALIZUMAB = dmt("natalizumab", "L04AG03", "L04AA23", "354770");
	public static final Medicine FINGOLIMOD = dmt("fingolimod", "L04AE01", "L04AA27", "1012892");
	public static final Medicine SIPONIMOD = dmt("siponimod", "L04AE03", "L04AA42", null);
	public static final Medicine OZANIMOD = dmt("ozanimod", "L04AE02", null, null);
	public static final Medicine PONESIMOD = dmt("ponesimod", "L04AE04", "L04AA50", null);
	public static final Medicine DIMETHYL_FUMARATE = dmt("dimethyl fumarate", "L04AX07", "N07XX09", "1373478");
	public static final Medicine DIROXIMEL_FUMARATE = dmt("diroximel fumarate", "L04AX09", null, null);
	public static final Medicine TERIFLUNOMIDE = dmt("teriflunomide", "L04AK02", "L04AA31", null);
	public static final Medicine CLADRIBINE = dmt("cladribine", "L04AA40", null, null);
	public static final Medicine ALEMTUZUMAB = dmt("alemtuzumab", "L04AG06", "L04AA34", "117055");
	public static final Medicine OCRELIZUMAB = dmt("ocrelizumab", "L04AG08", "L04AA36", "1876366");
	public static final Medicine OFATUMUMAB = dmt("ofatumumab", "L04AG12", null, null);
	public static final Medicine RITUXIMAB = dmt("rituximab", "L01FA01", null, "121191");
	public static final Medicine BACLOFEN = symptomatic("baclofen", "M03BX01", null, null);
	public static final Medicine TIZANIDINE = symptomatic("tizanidine", "M03BX02", null, null);
	public static final Medicine DIAZEPAM = symptomatic("diazepam", "N05BA01", null, "3322");
	public static final Medicine BOTULINUM_TOXIN_A = symptomatic("botulinum toxin A", "M03AX01", null, null);
	public static final Medicine FAMPRIDINE = symptomatic("fampridine", "N07XX07", null, null);
	public static final Medicine GABAPENTIN = symptomatic("gabapentin", "N02BF01", "N03AX12", null);
	public static final Medicine PREGABALIN = symptomatic("pregabalin", "N02BF02", "N03AX16", null);
	/** No ATC code in the guide; known by its RxNorm ingredient only. */
	public static final Medicine DULOXETINE = symptomatic("duloxetine", null, null, "72625");

	/** All medicines: the disease-modifying therapies first, then the symptomatic ones. */
	public static final List<Medicine> ALL = List.of(
			INTERFERON_BETA_1A, PEGINTERFERON_BETA_1A, INTERFERON_BETA_1B, GLATIRAMER, NATALIZUMAB, FINGOLIMOD,
			SIPONIMOD, OZANIMOD, PONESIMOD, DIMETHYL_FUMARATE, DIROXIMEL_FUMARATE, TERIFLUNOMIDE, CLADRIBINE,
			ALEMTUZUMAB, OCRELIZUMAB, OFATUMUMAB, RITUXIMAB,
			BACLOFEN, TIZANIDINE, DIAZEPAM, BOTULINUM_TOXIN_A, FAMPRIDINE, GABAPENTIN, PREGABALIN, DULOXETINE);

	private MsMedicines() {}

	/** The codes ({@code system|code}) of all medicines with the given role. */
	public static List<String> codings(Role role) {
		return ALL.stream().filter(m -> m.role() == role).flatMap(m -> m.codings().stream()).toList();
	}

	private static Medicine dmt(String name, String atc, String oldAtc, String rxnorm) {
		return new Medicine(name, atc, oldAtc, rxnorm, Role.DMT);
	}

	private static Medicine symptomatic(String name, String atc, String oldAtc, String rxnorm) {
		return new Medicine(name, atc, oldAtc, rxnorm, Role.SYMPTOMATIC);
	}
}
