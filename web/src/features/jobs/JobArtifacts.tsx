/**
 * A job's artifacts (output.json, logs.ndjson, artifacts.tar.gz, uploaded files) with a Download button each. The
 * API wants the bearer token, so each download is fetched into a blob rather than linked.
 */
import { useMutation } from "@tanstack/react-query";
import { Button, ErrorNotice, QueryState } from "../../ui";
import { downloadFile } from "./download";
import { useJobArtifacts } from "./job-api";
import { artifactPath, downloadName, formatBytes } from "./job-view";

export function JobArtifacts({ jobId }: { jobId: string }) {
  const artifacts = useJobArtifacts(jobId);
  const download = useMutation({
    mutationFn: (name: string) => downloadFile(artifactPath(jobId, name), downloadName(jobId, name)),
  });
  const items = artifacts.data ?? [];

  return (
    <>
      <QueryState query={artifacts} errorTitle="Couldn't load the artifacts" />
      {artifacts.data && items.length === 0 && (
        <p className="muted">No artifacts yet. They are stored when the job finishes.</p>
      )}
      {items.length > 0 && (
        <div className="table-wrap">
          <table aria-label="Artifacts">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Size</th>
                <th scope="col">Type</th>
                <th scope="col">
                  <span className="visually-hidden">Download</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((artifact) => (
                <tr key={artifact.name}>
                  <td>
                    <code>{artifact.name}</code>
                  </td>
                  <td className="small">{formatBytes(artifact.size)}</td>
                  <td className="small">{artifact.content_type ?? "—"}</td>
                  <td className="row-actions">
                    <Button
                      onClick={() => download.mutate(artifact.name)}
                      disabled={download.isPending && download.variables === artifact.name}
                      aria-label={`Download ${artifact.name}`}
                    >
                      Download
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {download.error && <ErrorNotice error={download.error} title="The download failed" />}
    </>
  );
}
