package org.msfhir.tools.synthetic;

import java.util.random.RandomGenerator;

/**
 * Invented names for synthetic patients: given names and family names assembled from syllables, so
 * that no record describes a real person (the patient identifier also marks the record as synthetic).
 */
final class SyntheticNames {

	private static final String[] FEMALE = {
		"Alira", "Benna", "Corla", "Delvie", "Emrin", "Fenja", "Galia", "Hedra", "Ilsie", "Jorna", "Kelda",
		"Liora", "Mirelle", "Nalia", "Orla", "Perrin", "Quilla", "Ravena", "Selda", "Tamsa", "Ulva", "Veria",
		"Wenna", "Yselle", "Zorah"
	};
	private static final String[] MALE = {
		"Aldo", "Bram", "Corvin", "Dario", "Elric", "Falko", "Gavrin", "Hollis", "Ivor", "Jaro", "Kasimir",
		"Leandro", "Marek", "Niklo", "Osric", "Pavo", "Quint", "Radek", "Soren", "Tobin", "Ulric", "Valo",
		"Wendel", "Yorick", "Zeno"
	};
	private static final String[] FAMILY_START = {
		"Ald", "Bren", "Cor", "Dal", "Eck", "Fen", "Gar", "Hol", "Ist", "Jor", "Kel", "Lun", "Mar", "Nor",
		"Ost", "Pel", "Quen", "Ros", "Sten", "Tor", "Ulm", "Ves", "Wend", "Yar", "Zell"
	};
	private static final String[] FAMILY_END = {
		"ami", "berg", "dorf", "ena", "ford", "holm", "ik", "ley", "mont", "ner", "oni", "quist", "ro", "sen",
		"tal", "vik", "wick"
	};

	private SyntheticNames() {}

	/** {given, family}. */
	static String[] pick(RandomGenerator rnd, boolean female) {
		String[] given = female ? FEMALE : MALE;
		return new String[] {
			given[rnd.nextInt(given.length)],
			FAMILY_START[rnd.nextInt(FAMILY_START.length)] + FAMILY_END[rnd.nextInt(FAMILY_END.length)]
		};
	}
}
