package org.msfhir.analytics;

/** Relation of a confirmed worsening to relapses. */
public enum EventClass {
	/** Relapse-associated worsening: the onset lies within the RAW window after a relapse onset. */
	RAW,
	/** Progression independent of relapse activity: no relapse around the onset nor around the confirmation. */
	PIRA,
	/** Neither: a relapse near the onset (but not before it within the RAW window) or near the confirmation. */
	UNDETERMINED
}
