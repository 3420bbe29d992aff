import { describe, expect, it } from "vitest";
import { artifactPath, downloadName, formatBytes, isLiveJob, jobStatusLook } from "./job-view";

describe("job status", () => {
  it("reads like a run's, and an unknown status shows as it came", () => {
    expect(jobStatusLook("failed")).toEqual({ label: "Failed", tone: "error" });
    expect(jobStatusLook("waiting").label).toBe("Waiting");
    expect(jobStatusLook("teleporting")).toEqual({ label: "teleporting", tone: "neutral" });
  });

  it("keeps watching a job until it completed, failed or was canceled", () => {
    expect(isLiveJob("running")).toBe(true);
    expect(isLiveJob("waiting")).toBe(true);
    expect(isLiveJob("completed")).toBe(false);
    expect(isLiveJob("canceled")).toBe(false);
    expect(isLiveJob("something_new")).toBe(true);
  });
});

describe("artifacts", () => {
  it("addresses nested artifact names segment by segment", () => {
    expect(artifactPath("job_1", "output.json")).toBe("/jobs/job_1/artifacts/output.json");
    expect(artifactPath("job_1", "files/a b#1.txt")).toBe("/jobs/job_1/artifacts/files/a%20b%231.txt");
  });

  it("saves downloads under a name that says which job they came from", () => {
    expect(downloadName("job_1", "files/report.txt")).toBe("job_1-report.txt");
    expect(downloadName("job_1", "artifacts.tar.gz")).toBe("job_1-artifacts.tar.gz");
  });

  it("formats sizes for people, and a missing size as a dash", () => {
    expect(formatBytes(0)).toBe("0 B");
    expect(formatBytes(1023)).toBe("1023 B");
    expect(formatBytes(1536)).toBe("1.5 KB");
    expect(formatBytes(5 * 1024 * 1024)).toBe("5.0 MB");
    expect(formatBytes(300 * 1024 * 1024)).toBe("300 MB");
    expect(formatBytes(null)).toBe("—");
    expect(formatBytes(-1)).toBe("—");
  });
});
