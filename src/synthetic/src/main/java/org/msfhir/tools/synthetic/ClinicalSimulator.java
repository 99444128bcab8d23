package org.msfhir.tools.synthetic;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.msfhir.guide.MsTerminology;
import org.msfhir.tools.synthetic.PatientHistory.CarePlanEpisode;
import org.msfhir.tools.synthetic.PatientHistory.CourseEpisode;
import org.msfhir.tools.synthetic.PatientHistory.EdssVisit;
import org.msfhir.tools.synthetic.PatientHistory.Relapse;
import org.msfhir.tools.synthetic.PatientHistory.SymptomScore;
import org.msfhir.tools.synthetic.PatientHistory.Therapy;
import org.msfhir.tools.synthetic.PatientHistory.YearlyTests;

/**
 * Simulates one MS patient's history month by month, from diagnosis to the reference date. The
 * patient depends only on (seed, index): patient 17 is the same whether 20 or 20,000 are generated.
 *
 * <p>The model, in short: a latent disability value drifts slowly in relapsing MS and faster in
 * progressive MS, and relapses with incomplete recovery add steps to it. Relapse rates fall with
 * disease duration and under treatment (less with first-line injectables, more with orals, most with
 * antibodies). Relapsing-onset patients may convert to SPMS after five years; a CIS converts to RRMS at
 * its next relapse. Visits sample the latent value as a valid EDSS total.
 */
public final class ClinicalSimulator {

	private static final double SHARE_PPMS = 0.12;
	private static final double SHARE_CIS = 0.13;

	private final LocalDate asOf;

	/** @param asOf the "today" of the simulation; fixed so that output does not depend on the clock */
	public ClinicalSimulator(LocalDate asOf) {
		this.asOf = asOf;
	}

	public PatientHistory simulate(long seed, int index) {
		return new Run(new SplittableRandom(mix(seed, index)), seed, index).simulate();
	}

	static long mix(long seed, int index) {
		long z = seed * 0x9E3779B97F4A7C15L + index * 0xBF58476D1CE4E5B9L;
		z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
		z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
		return z ^ (z >>> 31);
	}

	/** State of one simulation run. */
	private final class Run {
		private final RandomGenerator rnd;
		private final RandomGenerator mriRnd;
		private LocalDate lastMri;
		private final String key;

		private final List<CourseEpisode> courses = new ArrayList<>();
		private final List<Relapse> relapses = new ArrayList<>();
		private final List<EdssVisit> visits = new ArrayList<>();
		private final List<SymptomScore> symptoms = new ArrayList<>();
		private final List<YearlyTests> yearly = new ArrayList<>();
		private final List<Therapy> therapies = new ArrayList<>();
		private final List<CarePlanEpisode> carePlans = new ArrayList<>();
		private final Set<CareActivity> planned = EnumSet.noneOf(CareActivity.class);

		private DiseaseCourse course;
		private LocalDate courseStart;
		private LocalDate onset;
		private LocalDate diagnosis;
		private double disability;

		private Medicine dmt;
		private LocalDate dmtStart;
		private LocalDate dmtPlannedStart;
		private Medicine.Line highestLine;
		private boolean spasticityDrug;
		private boolean painDrug;
		private boolean fampridineConsidered;

		private final boolean neuropathicPainTrait;
		private final double fatigueTrait;
		private final double sdmtBaseline;
		private final double nhptBaseline;
		private final double t25fwBaseline;

		Run(RandomGenerator rnd, long seed, int index) {
			this.rnd = rnd;
			// A stream of its own, so that adding MRI reads left every other simulated value unchanged.
			this.mriRnd = new SplittableRandom(mix(seed, index) ^ 0x4d52494d52494dL);
			this.key = "s" + seed + "-p" + index;
			this.neuropathicPainTrait = rnd.nextDouble() < 0.3;
			this.fatigueTrait = rnd.nextGaussian();
			this.sdmtBaseline = 55 + 8 * rnd.nextGaussian();
			this.nhptBaseline = 19 + 1.8 * rnd.nextGaussian();
			this.t25fwBaseline = 4.8 + 0.5 * rnd.nextGaussian();
		}

		PatientHistory simulate() {
			double u = rnd.nextDouble();
			course = u < SHARE_PPMS ? DiseaseCourse.PPMS : u < SHARE_PPMS + SHARE_CIS ? DiseaseCourse.CIS : DiseaseCourse.RRMS;
			boolean female = rnd.nextDouble() < (course == DiseaseCourse.PPMS ? 0.5 : 0.72);
			double followUpYears = 3 + 17 * Math.pow(rnd.nextDouble(), 0.9);
			diagnosis = asOf.minusDays(Math.round(followUpYears * 365.25));
			onset = diagnosis.minusDays(course == DiseaseCourse.PPMS ? 180 + rnd.nextInt(600) : 20 + rnd.nextInt(160));
			double onsetAge = course == DiseaseCourse.PPMS
					? clamp(41 + 8 * rnd.nextGaussian(), 25, 65)
					: clamp(30 + 8 * rnd.nextGaussian(), 16, 55);
			LocalDate birthDate = onset.minusDays(Math.round(onsetAge * 365.25));
			courseStart = diagnosis;
			disability = switch (course) {
				case CIS -> 1.0 + rnd.nextDouble();
				case RRMS -> 1.0 + 1.5 * rnd.nextDouble();
				default -> 2.5 + 1.5 * rnd.nextDouble();
			};
			planInitialDmt();

			LocalDate nextVisit = diagnosis;
			LocalDate nextSymptoms = diagnosis.plusDays(rnd.nextInt(60));
			int year = 0;
			LocalDate nextYearly = diagnosis.plusDays(14 + rnd.nextInt(30));
			for (LocalDate month = diagnosis; !month.isAfter(asOf); month = month.plusMonths(1)) {
				stepMonth(month);
				// Events due this month, in date order, so each sees the findings made before it.
				while (true) {
					LocalDate due = earliest(nextVisit, nextSymptoms, nextYearly);
					if (due.isAfter(month)) {
						break;
					}
					if (due.equals(nextVisit)) {
						edssVisit(nextVisit);
						nextVisit = nextVisit.plusDays(180 + rnd.nextInt(186));
					} else if (due.equals(nextSymptoms)) {
						symptomScore(nextSymptoms);
						nextSymptoms = nextSymptoms.plusDays(90 + rnd.nextInt(31));
					} else {
						yearlyTests(nextYearly);
						year++;
						nextYearly = diagnosis.plusYears(year).plusDays(rnd.nextInt(40) - 20);
					}
				}
			}
			closeCourse(null);
			if (dmt != null) {
				therapies.add(new Therapy(dmt, dmtStart, null, false, reasonFor(dmt)));
			}
			String[] name = SyntheticNames.pick(rnd, female);
			return new PatientHistory(key, name[0], name[1], female, birthDate, onset, List.copyOf(courses),
					List.copyOf(relapses), List.copyOf(visits), List.copyOf(symptoms), List.copyOf(yearly),
					List.copyOf(therapies), List.copyOf(carePlans));
		}

		// ---- monthly disease dynamics --------------------------------------------------------------

		private void stepMonth(LocalDate month) {
			double years = ChronoUnit.DAYS.between(onset, month) / 365.25;
			if (dmtPlannedStart != null && !dmtPlannedStart.isAfter(month)) {
				startDmt(dmtPlannedStart, firstDmt());
				dmtPlannedStart = null;
			}
			double rate = baseRelapseRate() * Math.exp(-0.08 * years) * treatmentFactor();
			if (rnd.nextDouble() < 1 - Math.exp(-rate / 12)) {
				LocalDate date = month.plusDays(rnd.nextInt(28));
				if (!date.isAfter(asOf) && (relapses.isEmpty()
						|| ChronoUnit.DAYS.between(last(relapses).onset(), date) >= 30)) {
					relapse(date);
				}
			}
			double drift = switch (course) {
				case SPMS -> 0.28;
				case PPMS -> 0.30;
				default -> 0.05;
			};
			disability = clamp(disability + drift / 12 + 0.04 * rnd.nextGaussian(), 0, 8.0);
			if (course == DiseaseCourse.RRMS && years >= 5) {
				double hazard = 0.035 * (disability >= 3.0 ? 1.6 : 0.6);
				if (rnd.nextDouble() < hazard / 12) {
					convert(DiseaseCourse.SPMS, month);
					onSpmsConversion(month);
				}
			}
			treatmentEvents(month);
		}

		private double baseRelapseRate() {
			return switch (course) {
				case CIS -> 0.55;
				case RRMS -> 0.9;
				case SPMS -> 0.25;
				case PPMS -> 0.04;
			};
		}

		private double treatmentFactor() {
			if (dmt == null) {
				return 1.0;
			}
			return switch (dmt.line()) {
				case INJECTABLE -> 0.65;
				case ORAL -> 0.5;
				default -> 0.3;
			};
		}

		private void relapse(LocalDate date) {
			double s = rnd.nextDouble();
			String severity = s < 0.4 ? MsTerminology.MSC_RELAPSE_SEVERITY_MILD : s < 0.85 ? MsTerminology.MSC_RELAPSE_SEVERITY_MODERATE : MsTerminology.MSC_RELAPSE_SEVERITY_SEVERE;
			double r = rnd.nextDouble();
			String recovery;
			if (r < 0.5) {
				recovery = MsTerminology.MSC_RELAPSE_RECOVERY_COMPLETE;
			} else if (r < 0.83) {
				recovery = MsTerminology.MSC_RELAPSE_RECOVERY_PARTIAL;
				disability += 0.5;
			} else if (r < 0.9) {
				recovery = MsTerminology.MSC_RELAPSE_RECOVERY_NONE;
				disability += 1.0;
			} else {
				recovery = MsTerminology.MSC_RELAPSE_RECOVERY_UNKNOWN;
				disability += 0.25;
			}
			disability = Math.min(disability, 8.0);
			LocalDate resolved = date.plusDays(21 + rnd.nextInt(60));
			// High-dose steroids for most moderate and severe relapses; not always documented.
			double steroidShare = severity.endsWith("mild") ? 0.15 : 0.75;
			Boolean steroids = rnd.nextDouble() < 0.85 ? rnd.nextDouble() < steroidShare : null;
			relapses.add(new Relapse(date, resolved.isAfter(asOf) ? null : resolved, severity, recovery, steroids));
			if (course == DiseaseCourse.CIS) {
				convert(DiseaseCourse.RRMS, date);
			}
			onRelapse(date);
		}

		private void convert(DiseaseCourse next, LocalDate date) {
			closeCourse(date);
			course = next;
			courseStart = date;
		}

		/** Ends the current course episode with its Lublin qualifiers as of its end (null = today). */
		private void closeCourse(LocalDate end) {
			LocalDate asAt = end == null ? asOf : end;
			boolean active = relapses.stream().anyMatch(r -> !r.onset().isAfter(asAt)
					&& ChronoUnit.DAYS.between(r.onset(), asAt) <= 365);
			boolean assessed = visits.stream().anyMatch(v -> ChronoUnit.DAYS.between(v.date(), asAt) <= 548);
			String activity = !assessed ? MsTerminology.MSC_ACTIVITY_INDETERMINATE : active ? MsTerminology.MSC_ACTIVE : MsTerminology.MSC_NOT_ACTIVE;
			String progression = null;
			if (course.progressive()) {
				progression = progressedWithinTwoYears(asAt) ? MsTerminology.MSC_WITH_PROGRESSION : MsTerminology.MSC_WITHOUT_PROGRESSION;
			}
			courses.add(new CourseEpisode(course, courseStart, end, activity, progression));
		}

		private boolean progressedWithinTwoYears(LocalDate asAt) {
			List<EdssVisit> recent = visits.stream()
					.filter(v -> !v.date().isAfter(asAt) && ChronoUnit.DAYS.between(v.date(), asAt) <= 730)
					.toList();
			return recent.size() >= 2 && last(recent).total() > recent.get(0).total();
		}

		// ---- treatment -----------------------------------------------------------------------------

		private void planInitialDmt() {
			double p = switch (course) {
				case RRMS -> 0.85;
				case CIS -> 0.6;
				default -> 0.7;
			};
			if (rnd.nextDouble() < p) {
				dmtPlannedStart = diagnosis.plusDays(30 + rnd.nextInt(150));
			}
		}

		private Medicine firstDmt() {
			if (course == DiseaseCourse.PPMS) {
				return rnd.nextDouble() < 0.85 ? Medicine.OCRELIZUMAB : Medicine.RITUXIMAB;
			}
			if (course == DiseaseCourse.SPMS) {
				return Medicine.SIPONIMOD;
			}
			double u = rnd.nextDouble();
			if (u < 0.55) {
				return weighted(new Medicine[] {Medicine.INTERFERON_BETA_1A, Medicine.PEGINTERFERON_BETA_1A,
						Medicine.INTERFERON_BETA_1B, Medicine.GLATIRAMER}, new double[] {0.3, 0.15, 0.15, 0.4});
			}
			if (u < 0.9) {
				return weighted(new Medicine[] {Medicine.DIMETHYL_FUMARATE, Medicine.TERIFLUNOMIDE,
						Medicine.DIROXIMEL_FUMARATE}, new double[] {0.5, 0.38, 0.12});
			}
			return weighted(new Medicine[] {Medicine.OCRELIZUMAB, Medicine.NATALIZUMAB, Medicine.OFATUMUMAB},
					new double[] {0.5, 0.3, 0.2});
		}

		private Medicine escalationFrom(Medicine.Line line) {
			if (line == null || line == Medicine.Line.INJECTABLE) {
				return weighted(new Medicine[] {Medicine.FINGOLIMOD, Medicine.OZANIMOD, Medicine.PONESIMOD,
						Medicine.CLADRIBINE, Medicine.DIMETHYL_FUMARATE}, new double[] {0.3, 0.15, 0.1, 0.25, 0.2});
			}
			return weighted(new Medicine[] {Medicine.OCRELIZUMAB, Medicine.NATALIZUMAB, Medicine.OFATUMUMAB,
					Medicine.ALEMTUZUMAB}, new double[] {0.4, 0.25, 0.25, 0.1});
		}

		private Medicine lateralFrom(Medicine current) {
			for (int attempt = 0; attempt < 10; attempt++) {
				Medicine candidate = switch (current.line()) {
					case INJECTABLE -> weighted(new Medicine[] {Medicine.INTERFERON_BETA_1A,
							Medicine.PEGINTERFERON_BETA_1A, Medicine.INTERFERON_BETA_1B, Medicine.GLATIRAMER},
							new double[] {0.25, 0.25, 0.2, 0.3});
					case ORAL -> weighted(new Medicine[] {Medicine.DIMETHYL_FUMARATE, Medicine.TERIFLUNOMIDE,
							Medicine.DIROXIMEL_FUMARATE, Medicine.FINGOLIMOD, Medicine.OZANIMOD},
							new double[] {0.25, 0.2, 0.2, 0.2, 0.15});
					default -> weighted(new Medicine[] {Medicine.OCRELIZUMAB, Medicine.OFATUMUMAB},
							new double[] {0.5, 0.5});
				};
				if (candidate != current) {
					return candidate;
				}
			}
			return current == Medicine.OCRELIZUMAB ? Medicine.OFATUMUMAB : Medicine.OCRELIZUMAB;
		}

		private void startDmt(LocalDate date, Medicine medicine) {
			dmt = medicine;
			dmtStart = date;
			if (highestLine == null || medicine.line().compareTo(highestLine) > 0) {
				highestLine = medicine.line();
			}
			addCarePlan(CareActivity.DMT_MANAGEMENT, date);
		}

		/** Ends the current DMT on {@code date}; {@code completed} when a fixed course ran out. */
		private void endDmt(LocalDate date, boolean completed) {
			if (dmt != null) {
				therapies.add(new Therapy(dmt, dmtStart, date, completed, reasonFor(dmt)));
				dmt = null;
				dmtStart = null;
			}
		}

		private void switchDmt(LocalDate date, Medicine next) {
			endDmt(date, false);
			startDmt(date, next);
		}

		private void onRelapse(LocalDate date) {
			if (course == DiseaseCourse.PPMS) {
				return;
			}
			if (dmt != null && monthsOn(date) >= 6 && rnd.nextDouble() < 0.7) {
				Medicine next = dmt.line() == Medicine.Line.ANTIBODY ? lateralFrom(dmt) : escalationFrom(dmt.line());
				if (next != dmt) {
					switchDmt(date.plusDays(30).isAfter(asOf) ? date : date.plusDays(30), next);
				}
			} else if (dmt == null && dmtPlannedStart == null && rnd.nextDouble() < 0.6) {
				LocalDate start = date.plusDays(30 + rnd.nextInt(60));
				if (!start.isAfter(asOf)) {
					startDmt(start, highestLine == null ? firstDmt() : escalationFrom(highestLine));
				}
			}
		}

		private void onSpmsConversion(LocalDate date) {
			if (dmt == null || dmt == Medicine.SIPONIMOD || dmt.line() == Medicine.Line.ANTIBODY) {
				return;
			}
			boolean activeRecently = relapses.stream().anyMatch(r -> ChronoUnit.DAYS.between(r.onset(), date) <= 730);
			double u = rnd.nextDouble();
			if (activeRecently && u < 0.5) {
				switchDmt(date, Medicine.SIPONIMOD);
			} else if (!activeRecently && u < 0.4) {
				endDmt(date, false);
			}
		}

		private void treatmentEvents(LocalDate month) {
			if (dmt == null) {
				return;
			}
			long months = monthsOn(month);
			if (dmt.fixedCourse() && months >= 24) {
				endDmt(dmtStart.plusMonths(24), true);
			} else if (dmt == Medicine.NATALIZUMAB && months >= 24 && rnd.nextDouble() < 0.03) {
				switchDmt(month, rnd.nextBoolean() ? Medicine.OCRELIZUMAB : Medicine.OFATUMUMAB);
			} else if (dmt.line() != Medicine.Line.ANTIBODY && months >= 3 && rnd.nextDouble() < 0.05 / 12) {
				switchDmt(month, lateralFrom(dmt)); // side effects, intolerance: switch within the line
			}
		}

		private long monthsOn(LocalDate date) {
			return dmtStart == null ? 0 : ChronoUnit.MONTHS.between(dmtStart, date);
		}

		private String reasonFor(Medicine medicine) {
			if (medicine.dmt()) {
				return course.snomed();
			}
			return switch (medicine) {
				case BACLOFEN, TIZANIDINE -> MsTerminology.SNOMED_SPASTICITY;
				case GABAPENTIN, PREGABALIN, DULOXETINE -> MsTerminology.SNOMED_NEUROPATHIC_PAIN;
				default -> MsCodes.SNOMED_MS;
			};
		}

		private void startSymptomatic(LocalDate date, Medicine medicine) {
			LocalDate end = null;
			if (rnd.nextDouble() < 0.2) {
				end = date.plusDays(120 + rnd.nextInt(600));
				if (end.isAfter(asOf)) end = null;
			}
			therapies.add(new Therapy(medicine, date, end, false, reasonFor(medicine)));
		}

		// ---- observations --------------------------------------------------------------------------

		private void edssVisit(LocalDate date) {
			boolean afterRelapse = !relapses.isEmpty() && ChronoUnit.DAYS.between(last(relapses).onset(), date) <= 60;
			double total = EdssScale.nearestTotal(disability + 0.25 * rnd.nextGaussian() + (afterRelapse ? 0.5 : 0));
			int[] fs = EdssScale.functionalSystemsFor(total, course.progressive(), rnd);
			visits.add(new EdssVisit(date, total, fs, EdssScale.ambulationMetres(total), "N" + (1 + rnd.nextInt(6))));
			if (total >= 2.5 || fs[EdssScale.FunctionalSystem.PYRAMIDAL.ordinal()] >= 2) {
				addCarePlan(CareActivity.PHYSIOTHERAPY, date);
			}
			if (total >= 4.5 || fs[EdssScale.FunctionalSystem.CEREBELLAR.ordinal()] >= 3) {
				addCarePlan(CareActivity.OCCUPATIONAL_THERAPY, date);
			}
			if (fs[EdssScale.FunctionalSystem.BRAINSTEM.ordinal()] >= 3) {
				addCarePlan(CareActivity.SPEECH_THERAPY, date);
			}
			if (fs[EdssScale.FunctionalSystem.BOWEL_BLADDER.ordinal()] >= 2) {
				addCarePlan(CareActivity.BLADDER, date);
			}
			if (!fampridineConsidered && total >= 4.0 && total <= 7.0) {
				fampridineConsidered = true;
				if (rnd.nextDouble() < 0.25) {
					startSymptomatic(date, Medicine.FAMPRIDINE);
				}
			}
		}

		private void symptomScore(LocalDate date) {
			int pyramidal = visits.isEmpty() ? 0 : last(visits).functionalSystems()[EdssScale.FunctionalSystem.PYRAMIDAL.ordinal()];
			int sensory = visits.isEmpty() ? 0 : last(visits).functionalSystems()[EdssScale.FunctionalSystem.SENSORY.ordinal()];
			int frequency = (int) clamp(Math.round((pyramidal - 1) * 0.9 + 0.6 * rnd.nextGaussian()), 0, 4);
			Integer severity = frequency == 0 ? null
					: (int) clamp(Math.round(1 + frequency * 0.4 + 0.5 * rnd.nextGaussian()), 1, 3);
			int pain;
			PainType type;
			if (neuropathicPainTrait) {
				pain = (int) clamp(Math.round(3 + 0.5 * sensory + 1.5 * rnd.nextGaussian()), 0, 10);
				type = PainType.NEUROPATHIC;
			} else if (frequency >= 2) {
				pain = (int) clamp(Math.round(frequency + 1.5 * rnd.nextGaussian()), 0, 10);
				type = PainType.SPASTICITY;
			} else {
				double u = rnd.nextDouble();
				pain = u < 0.35 ? 1 + rnd.nextInt(5) : u < 0.4 ? 1 + rnd.nextInt(4) : 0;
				type = u < 0.35 ? PainType.MUSCULOSKELETAL : PainType.OTHER;
			}
			symptoms.add(new SymptomScore(date, frequency, severity, pain, pain == 0 ? null : type));
			if (!spasticityDrug && (frequency >= 2 || pyramidal >= 3) && rnd.nextDouble() < 0.8) {
				spasticityDrug = true;
				startSymptomatic(date, rnd.nextDouble() < 0.65 ? Medicine.BACLOFEN : Medicine.TIZANIDINE);
				addCarePlan(CareActivity.SPASTICITY, date);
			}
			if (!painDrug && type == PainType.NEUROPATHIC && pain >= 4 && rnd.nextDouble() < 0.7) {
				painDrug = true;
				startSymptomatic(date, weighted(new Medicine[] {Medicine.GABAPENTIN, Medicine.PREGABALIN,
						Medicine.DULOXETINE}, new double[] {0.4, 0.35, 0.25}));
				addCarePlan(CareActivity.PAIN, date);
			}
		}

		/**
		 * The yearly MRI read against the previous one: new or enlarging T2 lesions follow the relapses of
		 * the past year (clinically silent lesions are several times more frequent than relapses),
		 * Gd-enhancing lesions the relapses of the past two months; both fall under treatment.
		 */
		private int[] mriActivity(LocalDate date) {
			long recent = relapses.stream().filter(r -> !r.onset().isAfter(date)
					&& ChronoUnit.DAYS.between(r.onset(), date) <= 365).count();
			boolean acute = relapses.stream().anyMatch(r -> !r.onset().isAfter(date)
					&& ChronoUnit.DAYS.between(r.onset(), date) <= 60);
			double progressive = course == DiseaseCourse.PPMS ? 0.5 : 1.0;
			double t2Mean = (0.35 + 1.5 * recent) * progressive * treatmentFactor();
			double gdMean = (acute ? 1.2 : 0.08 + 0.2 * recent) * progressive * treatmentFactor();
			return new int[] {poisson(t2Mean), poisson(gdMean)};
		}

		private int poisson(double mean) {
			double limit = Math.exp(-mean);
			double product = mriRnd.nextDouble();
			int k = 0;
			while (product > limit && k < 50) {
				product *= mriRnd.nextDouble();
				k++;
			}
			return k;
		}

		private void yearlyTests(LocalDate date) {
			EdssVisit visit = visits.isEmpty() ? null : last(visits);
			double edss = visit == null ? EdssScale.nearestTotal(disability) : visit.total();
			int[] fs = visit == null ? new int[8] : visit.functionalSystems();
			int mfis = (int) clamp(Math.round(18 + 5 * edss + 8 * fatigueTrait + 5 * rnd.nextGaussian()), 0, 84);
			Double t25fw = null;
			if (edss < 7.0) {
				double factor = edss <= 3.5 ? 1 + 0.03 * edss
						: edss <= 5.5 ? 1.3 + 0.15 * (edss - 4.0)
						: edss == 6.0 ? 2.5 : 4.5;
				t25fw = round1(clamp(t25fwBaseline * factor * (1 + 0.06 * rnd.nextGaussian()), 3.0, 180));
			}
			double dominant = clamp(nhptBaseline + 1.2 * fs[EdssScale.FunctionalSystem.CEREBELLAR.ordinal()]
					+ 0.6 * fs[EdssScale.FunctionalSystem.PYRAMIDAL.ordinal()] + 0.4 * edss + rnd.nextGaussian(), 12, 300);
			double nonDominant = clamp(dominant * 1.07 + 0.8 * rnd.nextGaussian(), 12, 300);
			double years = ChronoUnit.DAYS.between(onset, date) / 365.25;
			int sdmt = (int) clamp(Math.round(sdmtBaseline - 0.6 * years
					- 3 * fs[EdssScale.FunctionalSystem.CEREBRAL.ordinal()] + 3 * rnd.nextGaussian()), 0, 110);
			int[] mri = mriActivity(date);
			yearly.add(new YearlyTests(date, mfis, t25fw, round1(dominant), round1(nonDominant), sdmt,
					mri[0], mri[1], lastMri));
			lastMri = date;
			if (mfis >= 38 && !planned.contains(CareActivity.FATIGUE)) {
				addCarePlan(CareActivity.FATIGUE, date);
				if (rnd.nextDouble() < 0.3) {
					addCarePlan(CareActivity.COGNITIVE_BEHAVIOURAL_THERAPY, date);
				}
			}
		}

		private void addCarePlan(CareActivity activity, LocalDate date) {
			if (planned.add(activity)) {
				carePlans.add(new CarePlanEpisode(activity, date, null));
			}
		}

		private Medicine weighted(Medicine[] options, double[] weights) {
			double u = rnd.nextDouble();
			double sum = 0;
			for (int i = 0; i < options.length; i++) {
				sum += weights[i];
				if (u < sum) {
					return options[i];
				}
			}
			return options[options.length - 1];
		}
	}

	private static LocalDate earliest(LocalDate a, LocalDate b, LocalDate c) {
		LocalDate min = a.isBefore(b) ? a : b;
		return min.isBefore(c) ? min : c;
	}

	private static <T> T last(List<T> list) {
		return list.get(list.size() - 1);
	}

	private static double clamp(double v, double lo, double hi) {
		return Math.max(lo, Math.min(hi, v));
	}

	private static double round1(double v) {
		return Math.round(v * 10) / 10.0;
	}
}
