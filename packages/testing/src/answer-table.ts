/**
 * Answers of known quality, written by us, used to check that the offline evaluator ranks
 * them strong > medium > weak for every skill. Strong answers tell a whole story with names,
 * numbers, "I" and a measured result; medium ones have some of it; weak ones are vague.
 */
export interface RankedAnswers {
  skill: string;
  question: string;
  strong: string;
  medium: string;
  weak: string;
}

export const ANSWER_TABLE: RankedAnswers[] = [
  {
    skill: 'Kubernetes',
    question: 'Walk me through a rollout of a service on Kubernetes that went wrong. How did you notice, and what did you change?',
    strong:
      'At Parcelwise in 2023 our tracking API ran on a Kubernetes cluster with 40 nodes on EKS. My task was to roll out a new version without downtime, because the previous deploy had caused a 12 minute outage. I noticed the new pods failing their readiness probes in the first canary step, so I paused the rollout with kubectl and read the logs. I found the probe hit a database check with a 1 second timeout, and I moved that check out of the readiness probe and set proper resource requests and limits. As a result the next rollouts went from 2 failed deploys a month to zero, and p95 latency during deploys dropped from 900 ms to 150 ms.',
    medium:
      'We had a deployment on Kubernetes that failed because the pods kept restarting. We looked at the logs and figured out the readiness probe was wrong. We changed the probe and the deployment worked after that. It was a good lesson for the team about probes.',
    weak: 'I know Kubernetes pretty well. I have used it a bit and it usually works.',
  },
  {
    skill: 'PostgreSQL',
    question: 'Tell me about a slow query you diagnosed in PostgreSQL. What did you find and what did you change?',
    strong:
      'At Tillbox the invoice search page took 8 seconds for our largest merchants, who had 2 million invoices each. I was responsible for fixing it before a customer renewal. I ran EXPLAIN ANALYZE and saw a sequential scan because the query filtered on a lower-cased email. I added an expression index on lower(email) and rewrote the pagination from OFFSET to keyset pagination on the primary key. As a result the page went from 8 seconds to 90 ms, and the database CPU dropped from 70% to 25% at peak.',
    medium:
      'We had a slow query on the invoices table in PostgreSQL. I looked at the query plan and added an index, which made it a lot faster. The customers were happier afterwards.',
    weak: 'Databases can be slow sometimes. I usually try to optimize things when needed.',
  },
  {
    skill: 'People management',
    question: 'Tell me about a time you had to manage an underperforming team member. What did you do and how did it end?',
    strong:
      'When I took over the payments team at Ledgerly in 2022, one engineer had missed four sprint commitments in a row. My goal was to find out why before it affected the team. I set up weekly one-on-ones, and I learned he was stuck on an unfamiliar codebase and afraid to ask. I paired him with a senior colleague for two weeks and agreed three concrete goals with him in writing. In the end he delivered all his commitments for the next three sprints, and his engagement score rose from 3.1 to 4.4 out of 5.',
    medium:
      'There was a person on my team who was not performing well. I talked to him in our one-on-ones and we set some goals together. Things got better over the following months, and he stayed on the team.',
    weak: 'I think it is important to support people. I always try to be a good manager.',
  },
  {
    skill: 'Sales forecasting',
    question: 'Tell me about a quarter where your forecast was badly wrong. What did you learn and change?',
    strong:
      'In Q3 2023 at Ledgerly I forecast 900k in new ARR and we closed 610k, a miss of 32%. I was asked by our VP to find the cause before the board meeting. I went through all 45 opportunities in Salesforce and found that 11 deals in the commit category had no confirmed budget holder. I introduced a rule that a deal only enters commit with a named economic buyer and a mutual close plan. As a result our forecast accuracy went from 68% to 92% over the next three quarters.',
    medium:
      'One quarter our forecast was too optimistic because some deals slipped. I reviewed the pipeline with my manager and we tightened the criteria for the commit category. The next quarter was more accurate.',
    weak: 'Forecasting is hard because deals slip. You just have to be careful.',
  },
  {
    skill: 'Machine learning',
    question: 'Describe a machine learning model you built that did not perform as expected in production. What did you do?',
    strong:
      'At Cartly we needed to predict which checkout sessions would be abandoned, and I owned the model end to end. I trained a gradient boosting model in scikit-learn on 6 months of sessions and it reached an AUC of 0.84 offline. In production the precision dropped from 0.71 to 0.48 within two weeks, so I compared feature distributions and found that a mobile app release had changed how cart value was logged. I fixed the feature pipeline, added a drift monitor on the top 10 features, and retrained weekly. As a result precision recovered to 0.69 and the targeted reminder emails recovered 1.2% of abandoned carts.',
    medium:
      'I built a model to predict churn using scikit-learn. It worked well in testing but not so well when we used it for real, because the data changed. We retrained it with newer data and it improved.',
    weak: 'Models do not always work in production. I would retrain it if that happened.',
  },
  {
    skill: 'Product discovery',
    question: 'Tell me about a time discovery work changed what your team built.',
    strong:
      'At Homely Furnishings in 2021 we planned to build a room planner, estimated at 3 months of work. I was asked to validate the problem first. I ran 14 customer interviews and a fake-door test on the product page, and I found that only 2% clicked the planner while 31% of interviewees struggled to know whether furniture would fit through their door. I proposed a simple dimensions checker instead, which we shipped in 3 weeks. As a result returns for furniture that did not fit dropped from 9% to 5% in the following quarter.',
    medium:
      'We were going to build a big feature, but I talked to some customers first and the problem turned out to be different. We built something smaller instead, and it helped reduce returns.',
    weak: 'Discovery is about talking to users. I think it is very important for product teams.',
  },
];
