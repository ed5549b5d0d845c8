package org.marginface.train.run;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The OS lock on a run directory's {@code run.lock}, held for as long as a process trains the run, so
 * that a second writer ({@code train --resume} of a run still training) is refused instead of
 * interleaving its steps with the first one's. The file names the holder (pid, host, start time) for
 * the refusal message; the lock itself is the kernel's, so it goes with the process however it ends.
 */
final class RunLock implements AutoCloseable {

    static final String FILE_NAME = "run.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of {@code runDir}, which must exist.
     *
     * @throws IllegalStateException naming the holder when another process (or this one) trains the run
     */
    static RunLock acquire(Path runDir) throws IOException {
        Path file = runDir.resolve(FILE_NAME);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException held) {
            lock = null; // this JVM already trains the run
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            String holder = Files.readString(file, StandardCharsets.UTF_8).strip();
            throw new IllegalStateException(runDir + " is being trained by another process ("
                    + (holder.isEmpty() ? "holder unknown" : holder) + "); a run has one writer at a time: wait for it"
                    + " to finish, or stop it (SIGTERM) and then resume");
        }
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "an unknown host";
        }
        String holder = "pid " + ProcessHandle.current().pid() + " on " + host + ", since "
                + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\n";
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(holder.getBytes(StandardCharsets.UTF_8)), 0);
        channel.force(false);
        return new RunLock(channel, lock);
    }

    @Override
    public void close() throws IOException {
        // closing the channel releases the lock; closing twice does nothing
        channel.close();
    }
}
