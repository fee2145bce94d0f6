import { messagingEntities } from '@edubase/messaging';
import { InformationSystem } from '../information-systems/information-system.entity';

export const governanceEntities = [...messagingEntities, InformationSystem];
