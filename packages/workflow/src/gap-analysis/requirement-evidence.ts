/** What the CV shows for one requirement, gathered before severity is decided. */
export interface RequirementEvidence {
  /** Roles whose title, description or highlights use the skill: the strong evidence. */
  roles: string[];
  /** Certifications naming the skill: strong evidence too. */
  certifications: string[];
  /** Entries of the skills list that name the skill: weak evidence alone. */
  listed: string[];
  /** The summary or headline names the skill: weak evidence alone. */
  mentioned: boolean;
  /** Skills-list entries that are near the skill by embedding, when nothing above matched. */
  similar: string[];
  /** Years the CV shows: the larger of the stated years and the years of the roles using it. */
  yearsShown: number;
}

export function hasStrongEvidence(evidence: RequirementEvidence): boolean {
  return evidence.roles.length > 0 || evidence.certifications.length > 0;
}

export function hasAnyEvidence(evidence: RequirementEvidence): boolean {
  return hasStrongEvidence(evidence) || evidence.listed.length > 0 || evidence.mentioned || evidence.similar.length > 0;
}

/** Evidence as the sentences a recruiter reads on the gap. */
export function describeEvidence(evidence: RequirementEvidence): string[] {
  return [
    ...evidence.roles.map((role) => `Used as ${role}`),
    ...evidence.certifications.map((certification) => `Certification: ${certification}`),
    ...evidence.listed.map((skill) => `Listed in skills: ${skill}`),
    ...(evidence.mentioned ? ['Named in the summary or headline'] : []),
    ...evidence.similar.map((skill) => `Related skill listed: ${skill}`),
  ];
}
