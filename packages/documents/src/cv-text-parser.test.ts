import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadKnowledgeBase } from '@gapflow/retrieval';
import { parseCvText } from './cv-text-parser';
import { extractDocumentText } from './extract-document-text';
import { column, docxOf, pdfOf } from './test-documents.fixture';

const knowledge = loadKnowledgeBase();
const CV = readFileSync(join(__dirname, '..', 'corpus', 'cv', '00-platform-engineer.txt'), 'utf8');
const skillNames = (skills: readonly (string | { name: string })[]) => skills.map((skill) => (typeof skill === 'string' ? skill : skill.name));

describe('parseCvText', () => {
  it('reads the name, headline, roles with their dates, highlights, skills, education and certifications of a plain-text CV', () => {
    const { cv, report } = parseCvText(CV, knowledge);
    expect(cv.name).toBe('Jane Doe');
    expect(cv.headline).toBe('Platform Engineer');
    expect(cv.experience.map(({ title, company, start, end }) => ({ title, company, start, end }))).toEqual([
      { title: 'Senior Site Reliability Engineer', company: 'Acme Payments', start: '2020-01', end: 'present' },
      { title: 'DevOps Engineer', company: 'Globex', start: '2017-03', end: '2019-12' },
      { title: 'Systems Administrator', company: 'Initech', start: '2014', end: '2017' },
    ]);
    expect(cv.experience[0]?.highlights).toEqual([
      'Cut deploy time from 40 to 8 minutes by rebuilding the CI pipeline on GitHub Actions',
      'Led the migration of 120 services to Kubernetes with zero downtime',
      'Ran the on-call rotation for 14 engineers',
    ]);
    expect(cv.experience[2]?.description).toBe('Managed 300 Linux servers and the backup system.');
    expect(cv.skills).toContainEqual({ name: 'Go', years: 5 });
    expect(skillNames(cv.skills)).toEqual(expect.arrayContaining(['Python', 'Bash', 'Kubernetes', 'Terraform', 'AWS', 'Prometheus', 'Grafana', 'GitHub Actions', 'Linux']));
    expect(new Set(skillNames(cv.skills)).size).toBe(cv.skills.length);
    expect(cv.education).toEqual([{ degree: 'BSc', field: 'Computer Science', institution: 'Technische Universität Berlin', end: '2014' }]);
    expect(cv.certifications).toEqual(['Certified Kubernetes Administrator (CKA)', 'AWS Certified Solutions Architect – Associate']);
    expect(report.warnings).toEqual([]);
    expect(report.confidence).toMatchObject({ name: 0.9, dates: 1 });
  });

  it('reads the same CV from Markdown, a PDF and a Word document', async () => {
    const expected = parseCvText(CV, knowledge).cv;
    const markdown = CV.replace(/^(Summary|Experience|Skills|Education|Certifications)$/gm, '## $1').replace(/^Jane Doe$/m, '# Jane Doe');
    expect(parseCvText(markdown, knowledge).cv).toEqual(expected);
    const lines = CV.split('\n');
    const pdf = await extractDocumentText('cv', await pdfOf([column(lines.slice(0, 40), 50, 800, 10), column(lines.slice(40), 50, 800, 10)]));
    expect(parseCvText(pdf.text, knowledge).cv.experience).toEqual(expected.experience);
    const docx = await extractDocumentText('cv', await docxOf(lines));
    expect(parseCvText(docx.text, knowledge).cv).toEqual(expected);
  });

  it('says what it could not find, in words a person can act on', () => {
    const { cv, report } = parseCvText('Work history\nPlatform Engineer at Acme\nBuilt the deploy pipeline in Go and Terraform.', knowledge);
    expect(cv.experience).toEqual([{ title: 'Platform Engineer', company: 'Acme' }]);
    expect(report.warnings).toEqual(
      expect.arrayContaining([
        'No dates found for the role Platform Engineer at Acme; add them, or the years of its skills cannot be counted.',
        expect.stringMatching(/^No Skills section was found; 2 skills were taken from the text/),
        'No name was found at the top of the CV; add it if you want it in the report.',
      ]),
    );
    expect(report.confidence.dates).toBe(0);
  });

  it('reads a CV without any heading, and says so', () => {
    const { cv, report } = parseCvText('Jane Doe\nData Analyst, Globex, 2019 – 2022\n- Built the weekly revenue dashboard in SQL', knowledge);
    expect(cv.experience[0]).toMatchObject({ title: 'Data Analyst', company: 'Globex', start: '2019', end: '2022' });
    expect(report.warnings[0]).toMatch(/No section headings/);
  });

  it('keeps a very long CV within the stored size by leaving out detail, and says what it left out', () => {
    // 60,000 Cyrillic characters of role descriptions: twice that in bytes once parsed.
    const roles = Array.from({ length: 30 }, (_, index) =>
      [`Инженер, Компания ${index + 1}`, `${2000 + (index % 20)} – ${2001 + (index % 20)}`, 'Описание '.repeat(220), '- Ускорил выпуск релизов'].join('\n'),
    );
    const { cv, report } = parseCvText(['Иван Петров', 'Experience', ...roles].join('\n'), knowledge);
    expect(cv.experience).toHaveLength(30);
    expect(cv.experience.every((role) => role.description === undefined)).toBe(true);
    expect(report.warnings).toContain('The CV is long: the roles’ descriptions were left out to keep it within 100,000 bytes; their list items are kept.');
  });

  it('gives roles listed under one company heading that company, and reads "YEAR–YEAR: Title, Company"', () => {
    const text = [
      'Tom Baker',
      'Operations Lead',
      '',
      'Experience',
      '',
      'Northwind Traders',
      'Operations Lead, 2021 – Present',
      '- Ran three warehouses',
      'Shift Supervisor, 2018 – 2021',
      '- Led a night shift of 20',
      '',
      'Freelance Courier, 2016 – 2018',
      '',
      '2014–2016: Delivery Driver, Fabrikam',
    ].join('\n');
    expect(parseCvText(text, knowledge).cv.experience.map(({ title, company, start, end }) => ({ title, company, start, end }))).toEqual([
      { title: 'Operations Lead', company: 'Northwind Traders', start: '2021', end: 'present' },
      { title: 'Shift Supervisor', company: 'Northwind Traders', start: '2018', end: '2021' },
      // A paragraph of its own: not at the company above.
      { title: 'Freelance Courier', company: undefined, start: '2016', end: '2018' },
      { title: 'Delivery Driver', company: 'Fabrikam', start: '2014', end: '2016' },
    ]);
  });
});

describe('parseCvText: more ways people date their roles', () => {
  it('reads "Company — Title (2019–21)", "2016 - 2019: Title at Company", "… to date", and no role in a sentence with a year', () => {
    const text = [
      'Andrew Kowalski',
      'Electrical Engineer',
      '',
      'PROFESSIONAL EXPERIENCE:',
      '',
      'Siemens Energy — Senior Electrical Engineer (2019–21)',
      'Designed substations for offshore wind farms.',
      'Won the 2020 innovation award.',
      '',
      '2016 - 2019: Electrical Engineer at ABB',
      '- Commissioned 12 substations',
      '',
      'Sept. 2021 to date — Lead Engineer, Ørsted',
    ].join('\n');
    const { cv } = parseCvText(text, knowledge);
    expect(cv.experience.map((role) => [role.title, role.company, role.start, role.end])).toEqual([
      ['Senior Electrical Engineer', 'Siemens Energy', '2019', '2021'],
      ['Electrical Engineer', 'ABB', '2016', '2019'],
      ['Lead Engineer', 'Ørsted', '2021-09', 'present'],
    ]);
  });
});

describe('parseCvText: the lines around a role’s dates', () => {
  const rolesOf = (lines: string[]) => parseCvText(['Jane Doe', '', 'Experience', ...lines].join('\n'), knowledge).cv.experience.map((role) => [role.title, role.company, role.start, role.end]);

  it('reads the title and employer on the line under a date that stands alone', () => {
    expect(rolesOf(['Sept 2020 – present', 'Second in Department (Mathematics) — Avonmead Academy, Bristol', '• Lead KS4 mathematics.'])).toEqual([['Second in Department (Mathematics)', 'Avonmead Academy', '2020-09', 'present']]);
  });

  it('reads the employer on the line under a title that names none', () => {
    expect(rolesOf(['since 04/2021         Customs & Export Specialist', '                      Nordhafen Logistik GmbH, Hamburg', '– Export declarations in ATLAS'])).toEqual([['Customs & Export Specialist', 'Nordhafen Logistik GmbH', '2021-04', 'present']]);
  });

  it('reads an employer’s line standing alone as the employer of the roles under it, until the next employer', () => {
    const roles = rolesOf(['Meridian Cold Chain B.V., Rotterdam', '-----------------', 'Regional Logistics Manager       Mar 2021 – Present', '  - Lead 3 distribution centres', 'Shift Supervisor       Sep 2016 – May 2018', '', '**Granger & Sons Construction** — Dayton, OH', '', '*Project Engineer* · May 2011 – May 2014', '- Ran takeoffs.']);
    expect(roles).toEqual([
      ['Regional Logistics Manager', 'Meridian Cold Chain B.V.', '2021-03', 'present'],
      ['Shift Supervisor', 'Meridian Cold Chain B.V.', '2016-09', '2018-05'],
      ['Project Engineer', 'Granger & Sons Construction', '2011-05', '2014-05'],
    ]);
  });

  it('reads a role told as labelled fields, without the notes in parentheses', () => {
    const roles = rolesOf(['1) Organization  : Palm Crest Resort & Spa, Ras Al Khaimah (5 Star, 260 keys)', '   Designation   : Assistant Front Office Manager', '   Duration      : January 2018 to February 2021', '   - Pre-opening team member.']);
    expect(roles).toEqual([['Assistant Front Office Manager', 'Palm Crest Resort & Spa', '2018-01', '2021-02']]);
  });

  it('reads the title on the line under an employer’s dated line', () => {
    expect(rolesOf(['Hartwell & Greene LLP, Chicago, IL                 May 2020 – Present', 'Senior Litigation Paralegal', '• Support four partners.'])).toEqual([['Senior Litigation Paralegal', 'Hartwell & Greene LLP', '2020-05', 'present']]);
  });

  it('reads a row of columns (dates, title, employer) cell by cell', () => {
    expect(rolesOf(['2019–now    Head of Mathematics      Colegio Internacional Turia', '            IB DP and IGCSE; team of 6.'])).toEqual([['Head of Mathematics', 'Colegio Internacional Turia', '2019', 'present']]);
  });

  it('leaves a note in parentheses out of a title, and a sentence above a role out of its header', () => {
    const roles = rolesOf(['2018 - 2021: Senior Accountant at Fitzwilliam Hotels Group', 'Management accounts for 6 hotels, budgets and a team of 4.', '2012 - 2013: Kennel Hand (part-time while studying) at SPCA Waikato']);
    expect(roles).toEqual([
      ['Senior Accountant', 'Fitzwilliam Hotels Group', '2018', '2021'],
      ['Kennel Hand', 'SPCA Waikato', '2012', '2013'],
    ]);
  });

  it('reads a Markdown company heading as the employer of every role under it, each role’s line its title whole', () => {
    const roles = rolesOf(['### Kaveri Retail Ltd., Chennai', '*Fashion retail*', '', '**HR Business Partner – South Zone** | Aug 2018 – Mar 2021', '- HR for 62 stores', '', '**HR Executive** | Jun 2015 – Jul 2018', '- Plant HR']);
    expect(roles).toEqual([
      ['HR Business Partner – South Zone', 'Kaveri Retail Ltd.', '2018-08', '2021-03'],
      ['HR Executive', 'Kaveri Retail Ltd.', '2015-06', '2018-07'],
    ]);
  });
});

describe('parseCvText: skills sections as people lay them out', () => {
  const skillsOf = (lines: string[]) => skillNames(parseCvText(['Jane Doe', '', 'Skills', ...lines].join('\n'), knowledge).cv.skills).slice(0, 6);

  it('reads a Markdown table by its last cell, without its header and separator rows', () => {
    expect(skillsOf(['| Area | Skills |', '|---|---|', '| Employee relations | Grievance handling, Disciplinary enquiries |'])).toEqual(['Grievance handling', 'Disciplinary enquiries']);
  });

  it('keeps a comma inside parentheses with its item and drops a qualifying aside, not an acronym', () => {
    // (then the knowledge base's names the text holds: ERP systems, Excel)
    expect(skillsOf(['IT skills:   SAP S/4HANA (SD, MM), ATLAS, MS Office (Excel advanced), Dangerous goods (IMDG)']).slice(0, 4)).toEqual(['SAP S/4HANA', 'ATLAS', 'MS Office', 'Dangerous goods (IMDG)']);
  });

  it('leaves out spoken languages with their levels, not programming languages', () => {
    expect(skillsOf(['Languages: German (native), English (C1)'])).toEqual([]);
    expect(skillsOf(['Languages: Go (5 years), Python'])).toEqual(['Go', 'Python']);
  });
});

describe('parseCvText: what is no employer', () => {
  const rolesOf = (lines: string[]) => parseCvText(['Jane Doe', '', 'Experience', ...lines].join('\n'), knowledge).cv.experience.map((role) => [role.title, role.company ?? null]);

  it('takes a Markdown heading as the employer only of a role line that names none, or of a bold title', () => {
    expect(rolesOf(['### Highlights', 'Senior Engineer, Acme | 2020 – Present', '', '### Acme Corp', 'Developer, Globex | 2018 – 2019', 'Intern at Initech | 2017 – 2018', '', '### Lead Engineer — Hooli', 'Jan 2015 – Dec 2016', '- Built things'])).toEqual([
      ['Senior Engineer', 'Acme'],
      ['Developer', 'Globex'],
      ['Intern', 'Initech'],
      ['Lead Engineer', 'Hooli'],
    ]);
  });

  it('does not take a description line under a role for its employer, nor the heading under it', () => {
    expect(rolesOf(['Senior Dev | 2016 - 2017', 'Worked in the Group finance team on reporting'])).toEqual([['Senior Dev', null]]);
  });
});

describe('parseCvText: a role without dates among dated ones', () => {
  it('reads it as a role of its own, with its list items, and says its dates are missing', () => {
    const { cv, report } = parseCvText(['Jane Doe', '', 'Experience', '', 'Platform Engineer, Acme', '- Ran Kubernetes clusters', '', 'SRE at Globex, 2017 – 2019', '- On call for payments', '', 'Analyst Intern, Acme Retail', '- Built reports'].join('\n'), knowledge);
    expect(cv.experience.map((role) => [role.title, role.company, role.start ?? null, role.highlights])).toEqual([
      ['Platform Engineer', 'Acme', null, ['Ran Kubernetes clusters']],
      ['SRE', 'Globex', '2017', ['On call for payments']],
      ['Analyst Intern', 'Acme Retail', null, ['Built reports']],
    ]);
    expect(report.warnings).toEqual(expect.arrayContaining(['No dates found for the role Platform Engineer at Acme; add them, or the years of its skills cannot be counted.', 'No dates found for the role Analyst Intern at Acme Retail; add them, or the years of its skills cannot be counted.']));
  });
});

describe('parseCvText: tools a role’s text names that the knowledge base does not know', () => {
  const skillsOf = (highlights: string[]) => skillNames(parseCvText(['Jane Doe', '', 'Experience', 'QA Engineer, Globex, 2019 – 2023', ...highlights.map((line) => `- ${line}`)].join('\n'), knowledge).cv.skills);

  it('reads tools listed in parentheses, before what they run, and on both sides of a slash', () => {
    const skills = skillsOf(['Wrote a Selenium framework in Java (TestNG, Page Object pattern).', 'Looked after 300 Debian and CentOS servers.', 'Built GitLab CI pipelines for 40 services.', 'Automated API regression with Postman/Newman.']);
    expect(skills).toEqual(expect.arrayContaining(['TestNG', 'Page Object pattern', 'Debian', 'CentOS', 'GitLab CI', 'Postman', 'Newman']));
    // The verb a highlight starts with is no tool.
    expect(skills).not.toContain('Built GitLab CI');
  });
});

describe('parseCvText: CVs from other traditions', () => {
  it('reads a heading in sentence case, and an education line that starts with its year without failing', () => {
    const text = ['Hannah Schmidt', '', 'Research experience', '', 'since 04/2022         Postdoctoral Researcher, University of Göttingen', '', 'Education', '', '10/2014 – 09/2017     M.Sc. Chemistry, Ulm University', '2019 Summer School on Battery Materials'].join('\n');
    const { cv } = parseCvText(text, knowledge);
    expect(cv.experience.map(({ title, company }) => [title, company])).toEqual([['Postdoctoral Researcher', 'University of Göttingen']]);
    expect(cv.education?.[0]).toMatchObject({ degree: 'M.Sc', field: 'Chemistry', institution: 'Ulm University' });
    // (Every institution read is a name: an empty one would fail the ParsedCV schema and the whole parse.)
    expect((cv.education ?? []).every((entry) => entry.institution === undefined || entry.institution.length > 0)).toBe(true);
  });

  it('reads an employer’s line with a line about the employer under it, and a title with a dash under that employer', () => {
    const text = ['Priya R', '', 'Work Experience', '', 'Kaveri Retail Ltd., Chennai', 'Fashion retail, 62 stores', '', 'HR Business Partner – South Zone | Aug 2018 – Mar 2021', '• HR for 62 stores'].join('\n');
    expect(parseCvText(text, knowledge).cv.experience.map(({ title, company }) => [title, company])).toEqual([['HR Business Partner – South Zone', 'Kaveri Retail Ltd.']]);
  });
});

describe('parseCvText: the name at the top', () => {
  const nameOf = (top: string[]) => parseCvText([...top, '', 'Experience', 'Engineer, Acme, 2019 – 2023'].join('\n'), knowledge).cv.name;

  it('reads the name past a document label, without titles and letters after it, in title case when set in capitals', () => {
    expect(nameOf(['CURRICULUM VITAE', 'JOSEPH ANTONY FERNANDES', 'Front Office Manager'])).toBe('Joseph Antony Fernandes');
    expect(nameOf(['Curriculum Vitae', '', 'Dr. rer. nat. Hannah Oyelaran-Schmidt'])).toBe('Hannah Oyelaran-Schmidt');
    expect(nameOf(['OLUWASEUN ADEBAYO-HART CEng MICE'])).toBe('Oluwaseun Adebayo-Hart');
    expect(nameOf(['Siobhán Kavanagh FCCA'])).toBe('Siobhán Kavanagh');
  });

  it('does not take a surname for a job: Quintero-Baker, Lindqvist, Ó Briain', () => {
    expect(nameOf(['MARISOL D. QUINTERO-BAKER'])).toBe('Marisol D. Quintero-Baker');
    expect(nameOf(['Adaeze Okonkwo-Lindqvist', 'Supply Chain & Logistics Manager'])).toBe('Adaeze Okonkwo-Lindqvist');
    expect(nameOf(['Anna Lindqvist'])).toBe('Anna Lindqvist');
    expect(nameOf(['# Ciarán Ó Briain'])).toBe('Ciarán Ó Briain');
    expect(nameOf(['Emily Baker'])).toBe('Emily Baker');
    expect(nameOf(['James Cook'])).toBe('James Cook');
    expect(nameOf(['Sarah McKay'])).toBe('Sarah McKay');
    expect(nameOf(['Marie Claire DUPONT'])).toBe('Marie Claire DUPONT');
  });

  it('reads hostile lines of 2,000 characters in linear time', () => {
    const hostile = [`${'AB '.repeat(660)}x`, `- Ran ${'AorB'.repeat(500)} clusters`, `- Built it (${'Page Object pattern and '.repeat(80)}x`];
    for (const line of hostile) expect(() => parseCvText(['Jane Doe', '', 'Experience', 'Engineer, Acme, 2019 – 2023', line].join('\n'), knowledge)).not.toThrow();
  });
});

describe('parseCvText: a skills section set in columns', () => {
  it('reads a label in a column of its own as a label, and the names a skill gives in parentheses as skills', () => {
    const text = ['Hannah Schmidt', '', 'Methods and skills', '', 'Characterisation    XRD (incl. Rietveld refinement), SEM/EDX, XPS', 'Software            Python (NumPy, SciPy, pandas), OriginPro', 'IT skills:          SAP S/4HANA (SD, MM), CargoWise'].join('\n');
    const skills = skillNames(parseCvText(text, knowledge).cv.skills);
    expect(skills).toEqual(expect.arrayContaining(['XRD', 'Rietveld refinement', 'XPS', 'Python', 'NumPy', 'SciPy', 'pandas', 'OriginPro', 'SAP S/4HANA', 'CargoWise']));
    expect(skills).not.toContain('Characterisation XRD');
    expect(skills).not.toContain('SD');
  });
});

describe('parseCvText: what a new user’s CV showed', () => {
  const chefCv = ['DANIEL ROSSI', 'Sous Chef  |  Bristol, UK  |  07700 900123  |  dan.rossi@example.com', '', 'EMPLOYMENT HISTORY', '', 'Grand Marlow Hotel, Bath', 'Chef de Partie (Pastry, then Sauce)', '09/2017 to 02/2021', '  * Ran the pastry section.', '', 'EDUCATION & QUALIFICATIONS', 'NVQ Level 3 Professional Cookery — City of Bristol College, 2015'].join('\n');

  it('reads the headline a contact line leads with, a title with a comma in parentheses, and an NVQ under “Education & Qualifications”', () => {
    const { cv, report } = parseCvText(chefCv, knowledge);
    expect(cv.headline).toBe('Sous Chef');
    expect(cv.experience.map(({ title, company }) => [title, company])).toEqual([['Chef de Partie (Pastry, then Sauce)', 'Grand Marlow Hotel']]);
    expect(cv.education).toEqual([{ degree: 'NVQ Level 3', field: 'Professional Cookery', institution: 'City of Bristol College', end: '2015' }]);
    expect(report.warnings.filter((warning) => /headline|Education/.test(warning))).toEqual([]);
  });

  it('warns when there is no headline, and when an Education section reads as nothing', () => {
    const { report } = parseCvText(['Daniel Rossi', '', 'Experience', 'Commis Chef, Luigi’s Trattoria, 2015 – 2017', '', 'Education', 'Evening classes'].join('\n'), knowledge);
    expect(report.warnings).toEqual(expect.arrayContaining([expect.stringMatching(/^No headline/), expect.stringMatching(/^The Education section has no degree/)]));
  });
});
