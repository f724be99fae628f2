import type { Kysely } from 'kysely';
import type { Engine } from '../platform/db.js';

/**
 * Good models and exemplary people (registry with nomination and review by the unit above), the
 * materials library (files with versions, topics, public/internal, downloads per unit), and the
 * `plans.is_public` flag (issued plans shown under "Văn bản" on the public site).
 */
export async function up(db: Kysely<any>, _engine: Engine): Promise<void> {
  const s = db.schema;

  await s
    .createTable('good_models')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id')) // nominating unit
    .addColumn('kind', 'text', (c) => c.notNull()) // model | person
    .addColumn('field', 'text', (c) => c.notNull()) // catalogue key (modules/models/models.catalogue.ts)
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('place', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull()) // plain paragraphs separated by blank lines
    .addColumn('achievements', 'text', (c) => c.notNull()) // one achievement per line
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // draft | submitted | accepted | returned | rejected
    .addColumn('is_public', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('honour_form', 'text')
    .addColumn('honour_doc_number', 'text')
    .addColumn('honour_doc_date', 'text')
    .addColumn('review_comment', 'text')
    .addColumn('reviewed_by', 'text')
    .addColumn('reviewer_unit_id', 'text')
    .addColumn('reviewed_at', 'text')
    .addColumn('submitted_at', 'text')
    .addColumn('published_at', 'text') // first time accepted and public
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await s.createIndex('good_models_unit').on('good_models').columns(['unit_id', 'status']).execute();
  await s.createIndex('good_models_public').on('good_models').columns(['status', 'is_public', 'kind', 'year']).execute();

  await s
    .createTable('good_model_photos')
    .addColumn('model_id', 'text', (c) => c.notNull().references('good_models.id'))
    .addColumn('image_id', 'text', (c) => c.notNull().references('news_images.id'))
    .addColumn('sort', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('good_model_photos_pk', ['model_id', 'image_id'])
    .execute();
  await s.createIndex('good_model_photos_image').on('good_model_photos').column('image_id').execute();

  await s
    .createTable('good_model_stories')
    .addColumn('model_id', 'text', (c) => c.notNull().references('good_models.id'))
    .addColumn('article_id', 'text', (c) => c.notNull().references('news_articles.id'))
    .addPrimaryKeyConstraint('good_model_stories_pk', ['model_id', 'article_id'])
    .execute();

  await s
    .createTable('good_model_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('model_id', 'text', (c) => c.notNull().references('good_models.id'))
    .addColumn('seq', 'integer', (c) => c.notNull()) // order within the model (times can be equal)
    .addColumn('kind', 'text', (c) => c.notNull()) // created | submitted | accepted | returned | rejected | public | private
    .addColumn('comment', 'text')
    .addColumn('user_id', 'text')
    .addColumn('acting_unit_id', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('good_model_events_model').on('good_model_events').columns(['model_id', 'seq']).execute();

  await s
    .createTable('materials')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('kind', 'text', (c) => c.notNull()) // document | infographic | slides | leaflet | qa | audio
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('visibility', 'text', (c) => c.notNull()) // public | internal
    .addColumn('campaign_id', 'text', (c) => c.references('campaigns.id'))
    .addColumn('current_version', 'integer', (c) => c.notNull())
    .addColumn('archived', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('materials_unit').on('materials').columns(['unit_id', 'created_at']).execute();
  await s.createIndex('materials_public').on('materials').columns(['visibility', 'archived', 'kind']).execute();

  await s
    .createTable('material_versions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('material_id', 'text', (c) => c.notNull().references('materials.id'))
    .addColumn('version_no', 'integer', (c) => c.notNull())
    .addColumn('file_id', 'text', (c) => c.notNull().references('files.id'))
    .addColumn('note', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('material_versions_no', ['material_id', 'version_no'])
    .execute();

  await s
    .createTable('material_topics')
    .addColumn('material_id', 'text', (c) => c.notNull().references('materials.id'))
    .addColumn('topic_id', 'text', (c) => c.notNull().references('topics.id'))
    .addPrimaryKeyConstraint('material_topics_pk', ['material_id', 'topic_id'])
    .execute();
  await s.createIndex('material_topics_topic').on('material_topics').column('topic_id').execute();

  // Downloads counted per downloading unit (`unit_key` = the acting unit's id, or 'public' for "Người dân").
  await s
    .createTable('material_downloads')
    .addColumn('material_id', 'text', (c) => c.notNull().references('materials.id'))
    .addColumn('unit_key', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addColumn('last_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('material_downloads_pk', ['material_id', 'unit_key'])
    .execute();

  // Issued plans shown on the public site under "Văn bản" (null/0 = not public).
  await s.alterTable('plans').addColumn('is_public', 'integer').execute();
}
