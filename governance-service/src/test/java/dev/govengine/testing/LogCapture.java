package dev.govengine.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;

/** Records every log line (with its exceptions' messages) written while open, from any thread. */
public final class LogCapture implements AutoCloseable {
    /** {@code thrown} is the exception logged with the line, whose stack trace the log shows; null if none. */
    public record Line(Level level, String logger, String text, Throwable thrown) {
    }

    private final List<Line> lines = new ArrayList<>();
    private final Logger root = Logger.getLogger("");
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            StringBuilder text = new StringBuilder(record instanceof ExtLogRecord ext ? ext.getFormattedMessage()
                    : String.valueOf(record.getMessage()));
            for (Throwable thrown = record.getThrown(); thrown != null; thrown = thrown.getCause()) {
                text.append(" | ").append(thrown);
            }
            synchronized (lines) {
                lines.add(new Line(record.getLevel(), record.getLoggerName(), text.toString(), record.getThrown()));
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    public LogCapture() {
        handler.setLevel(Level.ALL);
        root.addHandler(handler);
    }

    public List<Line> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** The lines at the given level or above. */
    public List<Line> atLeast(Level level) {
        return lines().stream().filter(line -> line.level().intValue() >= level.intValue()).toList();
    }

    public String all() {
        StringBuilder all = new StringBuilder();
        lines().forEach(line -> all.append(line.level()).append(' ').append(line.text()).append('\n'));
        return all.toString();
    }

    @Override
    public void close() {
        root.removeHandler(handler);
    }
}
