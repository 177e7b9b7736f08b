package io.logpush.jobs;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import io.logpush.model.LogpushException;
import io.logpush.sekoia.Catalog;
import io.logpush.sekoia.Intake;
import io.logpush.sekoia.SekoiaApi;

/**
 * Before a job is written with an intake key, and when a Sekoia API key is at hand: does an intake have this key,
 * and does that intake parse the job's dataset? A key of no intake, or of an intake of another format, is refused
 * (a usage error, exit 2) unless forced; when Sekoia cannot be asked, the write goes on with a warning. One rule
 * for create, update and apply.
 *
 * @param verdict what was found
 * @param message the one-line explanation (never the key), null when {@link Verdict#OK}
 * @param intake  the intake that has the key, or null
 */
public record IntakeKeyCheck(Verdict verdict, String message, Intake intake) {
    public enum Verdict {
        /** An intake has the key, with the dataset's format (or a dataset Sekoia has no format for). */
        OK,
        /** No intake of the community has the key. */
        NO_INTAKE,
        /** The intake of the key has another format than the dataset's. */
        WRONG_FORMAT,
        /** Sekoia could not be asked. */
        UNCHECKED
    }

    /** Asks Sekoia which intake has {@code intakeKey} and judges it for {@code dataset}. */
    public static IntakeKeyCheck check(SekoiaApi sekoia, String dataset, String intakeKey) {
        List<Intake> found;
        try {
            found = sekoia.intakesByKey(intakeKey);
        } catch (LogpushException e) {
            return new IntakeKeyCheck(Verdict.UNCHECKED, "could not check the intake key against Sekoia ("
                    + e.getMessage() + ")", null);
        }
        return judge(dataset, intakeKey, found);
    }

    /**
     * Judges {@code intakeKey} for {@code dataset} against a list of intakes (all the community's, or those
     * Sekoia returned for the key): the pure rule, for a caller that listed the intakes once.
     */
    public static IntakeKeyCheck judge(String dataset, String intakeKey, List<Intake> intakes) {
        Optional<Intake> match = intakes.stream().filter(i -> intakeKey.equals(i.intakeKey())).findFirst();
        if (match.isEmpty()) {
            return new IntakeKeyCheck(Verdict.NO_INTAKE, "no Sekoia intake has this intake key (mistyped, deleted, or "
                    + "of another region or community)", null);
        }
        Intake intake = match.get();
        Optional<Catalog.Dataset> ds = Catalog.get().dataset(dataset);
        String label = intake.formatLabel();
        if (ds.isPresent() && !ds.get().formatUuid().equalsIgnoreCase(String.valueOf(intake.formatUuid()))) {
            return new IntakeKeyCheck(Verdict.WRONG_FORMAT, "intake '" + intake.name() + "' (the intake of this key) has "
                    + (label.startsWith("format ") ? label : "format " + label) + ", expected " + ds.get().intake() + " for " + dataset
                    + ": its events would be parsed by the wrong parser", intake);
        }
        return new IntakeKeyCheck(Verdict.OK, null, intake);
    }

    /**
     * Refuses (usage, exit 2) a key of no intake or of an intake of another format unless {@code force}; warns
     * when it was forced or could not be checked. {@code createIntake}: the command's way to get an intake of the
     * right format (e.g. "--create-intake"), for the hint.
     */
    public void enforce(boolean force, String createIntake, Consumer<String> warn) {
        switch (verdict) {
            case OK -> {
            }
            case UNCHECKED -> warn.accept(message + "; writing anyway");
            case NO_INTAKE, WRONG_FORMAT -> {
                if (!force) {
                    throw LogpushException.usage(message, "use the key of an intake of the dataset's format"
                            + (createIntake != null ? ", or " + createIntake + " to make one" : "")
                            + "; --force writes anyway");
                }
                warn.accept(message + "; writing anyway (--force)");
            }
            default -> throw new IllegalStateException(verdict.name());
        }
    }
}
