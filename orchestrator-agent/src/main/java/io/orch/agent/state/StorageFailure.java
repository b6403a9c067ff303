package io.orch.agent.state;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;

/**
 * Why a write to the state dir failed, in the terms a person fixes it by. Java reports no errno: the JDK puts the C
 * library's strerror text into the exception, so the message is what this reads, in this one place.
 */
public enum StorageFailure {
  NO_SPACE("no space left on device (ENOSPC)", "free space on that file system"),
  QUOTA_EXCEEDED("disk quota exceeded (EDQUOT)", "free space or raise the quota"),
  READ_ONLY("read-only file system (EROFS)", "remount it read-write or choose another --state-dir"),
  PERMISSION_DENIED("permission denied (EACCES)", "give the agent's user write access to it (the dir is 0700)"),
  OTHER("an I/O error", "check the file system");

  private final String cause;
  private final String fix;

  StorageFailure(String cause, String fix) {
    this.cause = cause;
    this.fix = fix;
  }

  public String cause() {
    return cause;
  }

  public String fix() {
    return fix;
  }

  public static StorageFailure of(IOException e) {
    if (e instanceof AccessDeniedException) {
      return PERMISSION_DENIED;
    }
    String text = e instanceof FileSystemException fse && fse.getReason() != null ? fse.getReason() : e.getMessage();
    if (text == null) {
      return OTHER;
    }
    if (text.contains("No space left on device")) {
      return NO_SPACE;
    }
    if (text.contains("Disk quota exceeded")) {
      return QUOTA_EXCEEDED;
    }
    if (text.contains("Read-only file system")) {
      return READ_ONLY;
    }
    if (text.contains("Permission denied") || text.contains("Operation not permitted")) {
      return PERMISSION_DENIED;
    }
    return OTHER;
  }
}
