package io.logpush.cli;

import java.time.Duration;

import io.logpush.http.RateLimiter;
import io.logpush.model.LogpushException;
import io.logpush.model.Validate;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** picocli converters: option values checked while parsing, each failing as a one-line usage error. */
final class Converters {
    private Converters() {
    }

    private static TypeConversionException wrap(LogpushException e) {
        return new TypeConversionException(e.getMessage());
    }

    /** JOB_ID: a positive integer. */
    static final class JobId implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            long id;
            try {
                id = Long.parseLong(value.trim());
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is not a job ID: expected a positive integer");
            }
            try {
                return Validate.jobId(id);
            } catch (LogpushException e) {
                throw wrap(e);
            }
        }
    }

    /** A dataset name (lower-case letters, digits and _). */
    static final class Dataset implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            try {
                return Validate.dataset(value);
            } catch (LogpushException e) {
                throw wrap(e);
            }
        }
    }

    /** N/Ws, a request budget such as 1200/300s. */
    static final class RateLimit implements ITypeConverter<RateLimiter> {
        @Override
        public RateLimiter convert(String value) {
            RateLimiter limiter = RateLimiter.parse(value);
            if (limiter == null) {
                throw new TypeConversionException("'" + value + "' is not a budget: expected N/Ws such as 1200/300s");
            }
            return limiter;
        }
    }

    /** A positive duration: 24h, 90m, 2d, 3600s or ISO-8601. */
    static final class PositiveDuration implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return Validate.duration(value, "duration");
            } catch (LogpushException e) {
                throw wrap(e);
            }
        }
    }

    /** A duration as {@link PositiveDuration}, or 0 ("0", "0s"). */
    static final class NonNegativeDuration implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            if (value.trim().matches("0+[smhd]?")) {
                return Duration.ZERO;
            }
            try {
                return Validate.duration(value, "duration");
            } catch (LogpushException e) {
                throw wrap(e);
            }
        }
    }
}
