import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { OpportunityClosingRepository } from './opportunity-closing.repository';
import { OpportunityReadsRepository } from './opportunity-reads.repository';
import { OpportunityWritesRepository } from './opportunity-writes.repository';
import type { OpportunityRepository } from './opportunity.ports';
import { PipelineFiguresRepository } from './pipeline-figures.repository';
import { StageHistoryRepository } from './stage-history.repository';
import { PlanStepRepository } from '#functions/opportunities/plan-steps/plan-step.repository';

type Args<K extends keyof OpportunityRepository> = Parameters<OpportunityRepository[K]>;

/**
 * The opportunities feature's storage (DynamoDB), one part per responsibility: reads of headers
 * (opportunity-reads), the open opportunity's writes (opportunity-writes), win and lose (opportunity-closing),
 * the development plan (plan-step), the stage history (stage-history) and the pipeline figures (pipeline-figures).
 */
export class DynamoDbOpportunityRepository implements OpportunityRepository {
  private readonly reads: OpportunityReadsRepository;
  private readonly writes: OpportunityWritesRepository;
  private readonly closing: OpportunityClosingRepository;
  private readonly steps: PlanStepRepository;
  private readonly figures: PipelineFiguresRepository;
  private readonly history: StageHistoryRepository;

  constructor(client: DynamoDBDocumentClient, tableName: string) {
    this.reads = new OpportunityReadsRepository(client, tableName);
    this.writes = new OpportunityWritesRepository(client, tableName, this.reads);
    this.closing = new OpportunityClosingRepository(client, tableName);
    this.steps = new PlanStepRepository(client, tableName, this.reads);
    this.figures = new PipelineFiguresRepository(client, tableName);
    this.history = new StageHistoryRepository(client, tableName, this.reads);
  }

  get(...args: Args<'get'>) { return this.reads.get(...args); }
  findCustomer(...args: Args<'findCustomer'>) { return this.reads.findCustomer(...args); }
  findProducts(...args: Args<'findProducts'>) { return this.reads.findProducts(...args); }
  list(...args: Args<'list'>) { return this.reads.list(...args); }
  replayOf(...args: Args<'replayOf'>) { return this.reads.replayOf(...args); }
  create(...args: Args<'create'>) { return this.writes.create(...args); }
  update(...args: Args<'update'>) { return this.writes.update(...args); }
  updateTracked(...args: Args<'updateTracked'>) { return this.writes.updateTracked(...args); }
  assign(...args: Args<'assign'>) { return this.writes.assign(...args); }
  win(...args: Args<'win'>) { return this.closing.win(...args); }
  lose(...args: Args<'lose'>) { return this.closing.lose(...args); }
  addStep(...args: Args<'addStep'>) { return this.steps.addStep(...args); }
  getStep(...args: Args<'getStep'>) { return this.steps.getStep(...args); }
  changeStep(...args: Args<'changeStep'>) { return this.steps.changeStep(...args); }
  listSteps(...args: Args<'listSteps'>) { return this.steps.listSteps(...args); }
  stageHistory(...args: Args<'stageHistory'>) { return this.history.stageHistory(...args); }
  pipeline() { return this.figures.pipeline(); }
}
