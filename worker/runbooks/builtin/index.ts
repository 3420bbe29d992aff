// The built-in runbooks shipped with Fluxo: one module per runbook, registered here.
import type { RunbookDefinition } from "../types";
import { ANSIBLE_PLAYBOOK } from "./ansible-playbook";
import { CLOUDFLARE_DNS_BULK } from "./cloudflare-dns-bulk";
import { N8N_BACKUP } from "./n8n-backup";
import { PORTAINER_INVENTORY } from "./portainer-inventory";
import { PORTAINER_LOGS } from "./portainer-logs";
import { SWARM_DEPLOY } from "./swarm-deploy";
import { VPS_PROVISION } from "./vps-provision";

/** Every built-in runbook, in catalog order. */
export const BUILTIN_RUNBOOKS: readonly RunbookDefinition[] = [
  CLOUDFLARE_DNS_BULK,
  PORTAINER_INVENTORY,
  PORTAINER_LOGS,
  SWARM_DEPLOY,
  N8N_BACKUP,
  VPS_PROVISION,
  ANSIBLE_PLAYBOOK,
];
