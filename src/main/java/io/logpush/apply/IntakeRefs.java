package io.logpush.apply;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.logpush.jobs.IntakeKeyCheck;
import io.logpush.jobs.IntakePlan;
import io.logpush.model.LogpushException;
import io.logpush.sekoia.Catalog;
import io.logpush.sekoia.Intake;
import io.logpush.sekoia.SekoiaApi;

/**
 * Turns {@code intake: {name: …}} in an apply file into intake keys, in memory: each (name, dataset) is looked up
 * once in Sekoia (an intake of that name with the dataset's format), and made when missing with
 * {@code --create-intakes} (in a plan, only shown: the job then stands for the key the intake will get). The keys
 * are never printed; {@code secret} registers each with the redactor.
 */
public final class IntakeRefs {
    /** The file with keys filled in, and one line per intake to create (or created). */
    public record Resolved(ApplyFile file, List<Made> intakes) {
    }

    /**
     * A Sekoia intake a job names that apply creates ({@code planned}: that a plan would create), of the dataset's
     * format, in {@code entity}.
     */
    public record Made(String name, String dataset, String entity, boolean planned) {
        /** "Sekoia intake of format Cloudflare WAF events, entity 1c4…". */
        public String description() {
            return "Sekoia intake of format " + Catalog.get().dataset(dataset).map(Catalog.Dataset::intake)
                    .orElse(dataset) + ", entity " + entity;
        }
    }

    /** What a job's key stands for in a plan, while its intake does not exist yet. */
    static final String PLANNED_KEY = "NEW-INTAKE-KEY";

    private IntakeRefs() {
    }

    public static Resolved resolve(ApplyFile file, SekoiaApi api, boolean create, boolean planOnly, Consumer<String> secret) {
        Map<Ref, String> keys = new LinkedHashMap<>();
        List<Made> outcomes = new ArrayList<>();
        List<ApplyFile.Declared> jobs = new ArrayList<>();
        for (ApplyFile.Declared d : file.jobs()) {
            ApplyFile.Settings s = d.settings();
            if (s.intakeName() == null) {
                jobs.add(d);
                continue;
            }
            Ref ref = new Ref(s.intakeName(), d.dataset());
            String key = keys.get(ref);
            if (key == null) {
                IntakePlan plan = IntakePlan.plan(api, d.dataset(), s.intakeName(), s.intakeEntity());
                if (plan.existing() != null) {
                    key = plan.existing().intakeKey();
                } else if (!create) {
                    throw LogpushException.notFound("no Sekoia intake '" + s.intakeName() + "' of format "
                            + Catalog.get().dataset(d.dataset()).map(Catalog.Dataset::intake).orElse(d.dataset())
                            + " (" + d.where() + ")", "pass --create-intakes to create it, or fix the name");
                } else if (planOnly) {
                    key = PLANNED_KEY;
                    outcomes.add(made(plan, d.dataset(), planOnly));
                } else {
                    Intake made = api.createIntake(plan.create());
                    key = made.intakeKey();
                    outcomes.add(made(plan, d.dataset(), planOnly));
                }
                if (key == null || key.isEmpty()) {
                    throw LogpushException.failure("Sekoia returned no key for the intake '" + s.intakeName() + "'",
                            "check the API key's permissions (View intakes)");
                }
                secret.accept(key);
                keys.put(ref, key);
            }
            jobs.add(d.with(s.withIntakeKey(key, "intake '" + s.intakeName() + "'")));
        }
        return new Resolved(file.withJobs(jobs), outcomes);
    }

    /** An intake as a file names it: by name, of the dataset's format. */
    private record Ref(String name, String dataset) {
    }

    private static Made made(IntakePlan plan, String dataset, boolean planned) {
        return new Made(plan.name(), dataset, plan.create().body().path("entity_uuid").asText(), planned);
    }

    /**
     * With a Sekoia API key, the intake keys a file gives ({@code intake_key}) are checked: a key no intake has, or
     * whose intake has another format than the job's dataset, becomes a guard of its jobs ({@link ApplyFile.Guard}):
     * a write that would send it (a create, a key change) is refused unless --force, as create and update refuse it,
     * while a job that already sends it is left as it is (check reports it). The intakes are listed once, whatever
     * the number of keys. When Sekoia cannot be asked, the file is returned as it is, with a warning.
     */
    public static ApplyFile crossCheck(ApplyFile file, SekoiaApi api, Consumer<String> warn) {
        if (file.jobs().stream().noneMatch(d -> d.settings().intakeName() == null && d.settings().intakeKey() != null
                && !d.settings().intakeKey().isEmpty())) {
            return file;
        }
        List<Intake> all;
        try {
            all = api.intakes(Map.of());
        } catch (LogpushException e) {
            warn.accept("could not check the file's intake keys against Sekoia (" + e.getMessage() + "); applying "
                    + "anyway");
            return file;
        }
        List<ApplyFile.Declared> jobs = new ArrayList<>();
        for (ApplyFile.Declared d : file.jobs()) {
            String key = d.settings().intakeKey();
            if (d.settings().intakeName() != null || key == null || key.isEmpty()) {
                jobs.add(d);
                continue;
            }
            IntakeKeyCheck c = IntakeKeyCheck.judge(d.dataset(), key, all);
            boolean wrong = c.verdict() == IntakeKeyCheck.Verdict.NO_INTAKE
                    || c.verdict() == IntakeKeyCheck.Verdict.WRONG_FORMAT;
            jobs.add(wrong ? d.with(new ApplyFile.Guard("destination_conf", d.where() + ": intake_key "
                    + d.settings().intakeKeySource() + ": " + c.message())) : d);
        }
        return file.withJobs(jobs);
    }
}
